"""The event store's own append against a plain INSERT of the same row, on the same server.

    cd /work/main && .venv/bin/python bench/append_bench.py [--clients 1 4 16] [--seconds 10]

`pgbench` (PostgreSQL's own load generator, a process of its own) runs two custom scripts,
alternating, `--repeat` times at each client count:

- append: `SELECT es_append(...)`, one ticket-opening event on a stream of its own (expected
  version 0), in autocommit: what a command whose only write is its append sends;
- insert: `INSERT` of the same row (same data, metadata, event type) into `plain_events`, a
  table made `LIKE es_events INCLUDING ALL` (its columns, defaults, generated bucket and every
  index; not the append-only triggers, which do not fire on INSERT, nor the reference to
  es_streams).

Both build their row's unique ids from pgbench's random numbers the same way, so the
difference is what es_append does beyond the insert: the locks, the version and first-write
checks, the event-id check and the stream row. Prints tx/s per run, the median per script and
their ratio. Uses its own database `shopnest_bench_append` (dropped and created at start).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
from lib import setup
from psycopg.conninfo import conninfo_to_dict

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/shopnest_bench_append"

DATA = ('{"ticket_id": 1, "subject": "Where is my order #SN-481516?", "description": '
        '"<div>My order #SN-481516 (espresso machine) was shipped with DHL on 2025-11-12 and '
        'tracking has not moved since.</div>", "description_text": "My order #SN-481516 '
        '(espresso machine) was shipped with DHL on 2025-11-12 and tracking has not moved '
        'since.", "status": 2, "priority": 2, "source": 2, "type": "Question", "tags": '
        '["shipping", "tracking"], "requester_id": 17, "responder_id": null, "group_id": null, '
        '"company_id": null, "custom_fields": {}, "cc_emails": [], "due_by": '
        '"2025-11-15T10:00:00Z", "fr_due_by": "2025-11-13T10:00:00Z", "at": '
        '"2025-11-12T10:00:00Z", "actor_id": 3}')
METADATA = ('{"actor_id": 3, "actor_type": "agent", "actor_email": "agent@shopnest.example", '
            '"via": "api", "correlation_id": "8f14e45fceea167a5a36dedd4bea2543", '
            '"request_id": "c9f0f895fb98ab9159f51fd0297e236d"}')
# pgbench's random integers made into a unique stream id and event id (a uuid from two
# 62-bit randoms and the client id), the same in both scripts.
IDS = ("\\set a random(1, 4611686018427387903)\n"
       "\\set b random(1, 4611686018427387903)\n")
EVENT_ID = "lpad(to_hex(:a), 16, '0') || lpad(to_hex(:b), 16, '0')"
APPEND = IDS + (
    "SELECT es_append(('[{\"stream_id\": \"bench-' || :a || '-' || :client_id || "
    "'\", \"stream_type\": \"bench\", \"expected_version\": 0, \"metadata\": "
    f"{METADATA}, \"events\": [{{\"event_id\": \"' || ({EVENT_ID})::uuid || "
    f"'\", \"type\": \"TicketCreated\", \"schema_version\": 1, \"data\": {DATA}}}]}}]')::jsonb);\n")
INSERT = IDS + (
    "INSERT INTO plain_events (tx, stream_id, version, event_id, type, schema_version, data, "
    "metadata) VALUES (pg_current_xact_id(), 'bench-' || :a || '-' || :client_id, 1, "
    f"({EVENT_ID})::uuid, 'TicketCreated', 1, '{DATA}'::jsonb, '{METADATA}'::jsonb);\n")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--seconds", type=float, default=10.0, help="per pgbench run")
    parser.add_argument("--repeat", type=int, default=3, help="alternating runs per script")
    return parser.parse_args(argv)


def prepare(url: str) -> None:
    setup.recreate_database(url)
    env = setup.service_env(url, setup.redis_url(), setup.key_space())
    setup.manage(ROOT, env, "migrate", "--noinput")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE plain_events (LIKE es_events INCLUDING ALL)")


def pgbench(url: str, script: Path, clients: int, seconds: float) -> float:
    info = conninfo_to_dict(url)
    argv = [shutil.which("pgbench") or "pgbench", "-n", "-c", str(clients),
            "-j", str(min(clients, os.cpu_count() or 1)), "-T", f"{seconds:g}",
            "-f", str(script), "-h", info.get("host", "127.0.0.1"),
            "-p", str(info.get("port", 5432)), "-U", info.get("user", "postgres"),
            info["dbname"]]
    done = subprocess.run(argv, capture_output=True, text=True)
    found = re.search(r"tps = ([\d.]+)", done.stdout)
    failed = re.search(r"number of failed transactions: (\d+)", done.stdout)
    if done.returncode != 0 or found is None or (failed and int(failed.group(1))):
        raise SystemExit(f"pgbench failed:\n{done.stdout}\n{done.stderr}")
    return float(found.group(1))


def main(argv=None) -> int:
    args = parse_args(argv)
    if shutil.which("pgbench") is None:
        raise SystemExit("pgbench is not installed (Debian: postgresql-client)")
    url = os.environ.get("BENCH_APPEND_DATABASE_URL", DEFAULT_DATABASE_URL)
    prepare(url)
    print(f"es_append against a plain INSERT; command: {' '.join([sys.executable, *sys.argv])}")
    with tempfile.TemporaryDirectory() as tmp:
        scripts = {"append": Path(tmp, "append.sql"), "insert": Path(tmp, "insert.sql")}
        scripts["append"].write_text(APPEND)
        scripts["insert"].write_text(INSERT)
        summary = []
        for clients in args.clients:
            runs: dict[str, list[float]] = {"append": [], "insert": []}
            for rep in range(args.repeat):
                order = ("append", "insert") if rep % 2 == 0 else ("insert", "append")
                for name in order:
                    runs[name].append(pgbench(url, scripts[name], clients, args.seconds))
            ratios = [a / i for a, i in zip(runs["append"], runs["insert"], strict=True)]
            summary.append((clients, statistics.median(runs["append"]),
                            statistics.median(runs["insert"]), statistics.median(ratios)))
            print(f"{clients:3d} clients: append {' '.join(f'{x:7.0f}' for x in runs['append'])}"
                  f"  insert {' '.join(f'{x:7.0f}' for x in runs['insert'])} tx/s  "
                  f"paired ratios {' '.join(f'{r:.2f}' for r in ratios)}", flush=True)
    print(f"\n{'clients':>7} {'append tx/s':>12} {'insert tx/s':>12} {'ratio':>6}  target ≥ 0.6")
    for clients, append, insert, ratio in summary:
        print(f"{clients:7d} {append:12.0f} {insert:12.0f} {ratio:6.2f}  "
              f"{'met' if ratio >= 0.6 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
