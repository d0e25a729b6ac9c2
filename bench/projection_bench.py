"""How fast a projection catches up from zero (a rebuild): the tickets projection over a large
desk's history, projected by the real runner in separate worker processes.

    .venv/bin/python bench/projection_bench.py [--events 1000000] [--tickets 100000]
                                               [--repeat 3] [--profile]

The history is written once into its own database (`shopnest_bench_projection`) straight
through the event store's `append`, many tickets per transaction (bench/lib/desk_events.py
says why not through the mediator), and reused by later runs with the same --events,
--tickets and --seed (`--fresh` writes it again). Each run empties the read tables, resets the
projection's checkpoint and starts a projector process (bench/lib/projector.py) that applies
batches until it is caught up; it reports events/s and its own peak RSS. A read-only run of
the same batches (read and decode, no writes) gives the floor under the projection's work.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from psycopg.conninfo import conninfo_to_dict, make_conninfo  # noqa: E402

from bench.lib import setup  # noqa: E402
from bench.lib.desk_events import DESK_VERSION, WRITERS  # noqa: E402

DATABASE_URL = os.environ.get("BENCH_PROJECTION_DATABASE_URL",
                              "postgres://postgres@127.0.0.1:5432/shopnest_bench_projection")
PROJECTION = "tickets"
READ_TABLES = ("tickets_ticket_view", "tickets_conversation_view")


def _connect(url: str = DATABASE_URL) -> psycopg.Connection:
    return psycopg.connect(url, autocommit=True)


def _fixture_matches(args) -> bool:
    """Whether the bench database already holds this very history."""
    name = conninfo_to_dict(DATABASE_URL)["dbname"]
    with psycopg.connect(make_conninfo(DATABASE_URL, dbname="postgres"), autocommit=True) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
    with _connect() as conn:
        if not conn.execute("SELECT to_regclass('bench_projection_fixture')").fetchone()[0]:
            return False
        (row,) = conn.execute("SELECT to_jsonb(f) FROM bench_projection_fixture f").fetchone()
        count = conn.execute("SELECT count(*) FROM es_events").fetchone()[0]
    wanted = {"tickets": args.tickets, "events": args.events, "seed": args.seed,
              "desk": DESK_VERSION}
    return all(row.get(k) == v for k, v in wanted.items()) and count == args.events


def _build_fixture(args, env: dict[str, str]) -> None:
    """Write the history with desk_events.WRITERS processes, each its share of the tickets."""
    setup.recreate_database(DATABASE_URL)
    setup.manage(ROOT, env, "migrate", "--verbosity", "0")
    began = time.perf_counter()
    writers = [subprocess.Popen(
        [sys.executable, str(ROOT / "bench/lib/desk_events.py"), str(args.tickets),
         str(args.events), str(args.seed), str(part)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for part in range(WRITERS)]
    written = 0
    for writer in writers:
        out, err = writer.communicate()
        if writer.returncode != 0:
            raise SystemExit(f"fixture writer failed:\n{out}\n{err}")
        written += int(out.split()[-1])
    seconds = time.perf_counter() - began
    print(f"  {written:,} events appended by {WRITERS} writers in {seconds:,.0f} s "
          f"({written / seconds:,.0f} events/s)")
    with _connect() as conn:
        # As a desk's log would be once autovacuum passed: hint bits set, statistics fresh.
        conn.execute("VACUUM (ANALYZE) es_events")
        conn.execute("VACUUM (ANALYZE) es_streams")
        conn.execute("CREATE TABLE bench_projection_fixture (tickets int, events int, seed int, "
                     "desk int, written_at timestamptz DEFAULT now())")
        conn.execute("INSERT INTO bench_projection_fixture (tickets, events, seed, desk) "
                     "VALUES (%s, %s, %s, %s)", [args.tickets, args.events, args.seed, DESK_VERSION])


def _reset_projection() -> None:
    with _connect() as conn:
        conn.execute(f"TRUNCATE {', '.join(READ_TABLES)}")
        # Every partition of the projection (tickets:i/n) as well as the whole.
        conn.execute("DELETE FROM shopnest_projection_state WHERE projection = %s", [PROJECTION])
        conn.execute("CHECKPOINT")  # the previous run's dirty pages are not this run's cost


def _run_projector(env: dict[str, str], mode: str, profile: str | None = None,
                   max_seconds: float | None = None) -> dict:
    argv = [sys.executable, str(ROOT / "bench/lib/projector.py"), PROJECTION, "--mode", mode]
    if max_seconds:
        argv += ["--max-seconds", str(max_seconds)]
    if profile:
        argv += ["--profile", profile]
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"projector failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _check_rows(args, run: dict) -> str:
    if run["events"] < args.events:
        return f"stopped by --max-seconds after {run['events']:,} of {args.events:,} events"
    with _connect() as conn:
        tickets = conn.execute("SELECT count(*) FROM tickets_ticket_view").fetchone()[0]
        versions = conn.execute("SELECT sum(version) FROM tickets_ticket_view").fetchone()[0]
    if tickets != args.tickets or versions != args.events:
        raise SystemExit(f"read tables are wrong: {tickets} tickets holding {versions} events, "
                         f"expected {args.tickets} holding {args.events}")
    return f"{tickets:,} ticket rows at the versions of all {versions:,} events"


def _describe_fixture() -> str:
    with _connect() as conn:
        events, streams, avg, total = conn.execute(
            "SELECT count(*), count(DISTINCT stream_id), avg(octet_length(data::text)), "
            "pg_size_pretty(pg_total_relation_size('es_events')) FROM es_events").fetchone()
        conversations = conn.execute(
            "SELECT count(*) FROM es_events WHERE type IN ('ReplyAdded', 'NoteAdded')"
        ).fetchone()[0]
        longest = conn.execute("SELECT max(version) FROM es_streams").fetchone()[0]
    return (f"{events:,} events in {streams:,} tickets ({conversations:,} replies and notes, "
            f"longest stream {longest:,} events), data {avg:,.0f} bytes/event on average, "
            f"es_events {total}")


def _print_profile(path: str, limit: int) -> None:
    stats = pstats.Stats(path)
    for order in ("tottime", "cumulative"):
        print(f"\nprofile: top {limit} by {order}")
        stats.sort_stats(order).print_stats(limit)


def _summary(label: str, runs: list[dict]) -> None:
    rates = [r["events_per_second"] for r in runs]
    per_cpu = [r["events_per_cpu_second"] for r in runs]
    peaks = [r["peak_rss_mib"] for r in runs]
    print(f"{label}: median {statistics.median(rates):,.0f} events/s "
          f"(runs: {', '.join(f'{r:,.0f}' for r in rates)}); "
          f"median {statistics.median(per_cpu):,.0f} events per CPU second; "
          f"peak RSS median {statistics.median(peaks):.0f} MiB (max {max(peaks):.0f})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="measured runs (median reported)")
    parser.add_argument("--batch", type=int, help="events per batch (PROJECTION_BATCH)")
    parser.add_argument("--batch-bytes", type=int,
                        help="bytes of event data per batch (PROJECTION_BATCH_BYTES)")
    parser.add_argument("--fresh", action="store_true", help="write the history again")
    parser.add_argument("--no-read-floor", action="store_true",
                        help="skip the read-only runs (read and decode, no writes)")
    parser.add_argument("--profile", action="store_true",
                        help="one more run under cProfile; print its top functions")
    parser.add_argument("--profile-top", type=int, default=25)
    parser.add_argument("--max-seconds", type=float,
                        help="stop each run after this long (a rate over the first part)")
    parser.add_argument("--json", action="store_true", help="also print every run as JSON")
    args = parser.parse_args()
    print(f"command: {' '.join([sys.executable, *sys.argv])}")
    print(f"machine: {os.cpu_count()} cores; database "
          f"{conninfo_to_dict(DATABASE_URL)['dbname']}")

    keys = setup.key_space()
    env = setup.service_env(DATABASE_URL, setup.redis_url(), keys)
    if args.batch:
        env["PROJECTION_BATCH"] = str(args.batch)
    if args.batch_bytes:
        env["PROJECTION_BATCH_BYTES"] = str(args.batch_bytes)
    try:
        if args.fresh or not _fixture_matches(args):
            print(f"writing the fixture: {args.events:,} events over {args.tickets:,} tickets")
            _build_fixture(args, env)
        else:
            setup.manage(ROOT, env, "migrate", "--verbosity", "0")
            print("fixture: reused")
        print(f"fixture: {_describe_fixture()}")

        floor: list[dict] = []
        runs: list[dict] = []
        for n in range(args.repeat):
            if not args.no_read_floor:
                floor.append(_run_projector(env, "read", max_seconds=args.max_seconds))
            _reset_projection()
            run = _run_projector(env, "project", max_seconds=args.max_seconds)
            runs.append(run)
            print(f"run {n + 1}: {run['events']:,} events in {run['seconds']:.1f} s = "
                  f"{run['events_per_second']:,.0f} events/s in {run['batches']:,} batches; "
                  f"CPU {run['cpu_seconds']:.1f} s projector + {run['backend_cpu_seconds']:.1f} s "
                  f"PostgreSQL = {run['events_per_cpu_second']:,.0f} events per CPU second "
                  f"(batch {run['batch']}, bytes {run['batch_bytes']}); RSS after start "
                  f"{run['rss_after_setup_mib']:.0f} MiB, peak {run['peak_rss_mib']:.0f} MiB, "
                  f"at end {run['rss_end_mib']:.0f} MiB"
                  + (f"; read only {floor[-1]['events_per_second']:,.0f} events/s" if floor
                     else ""))
            print(f"  {_check_rows(args, run)}")
            samples = run["rss_samples_mib"]
            if samples:
                picks = [samples[i * (len(samples) - 1) // 4] for i in range(5)]
                print("  RSS over the run (MiB, 0/25/50/75/100 %): "
                      + " / ".join(f"{s:.0f}" for s in picks))
            if args.json:
                print(json.dumps({"project": run, "read": floor[-1] if floor else None}))
        print()
        if runs:
            _summary(f"catch-up of {PROJECTION} from zero", runs)
        if floor:
            _summary("read and decode only (floor)", floor)

        if args.profile:
            _reset_projection()
            with tempfile.NamedTemporaryFile(suffix=".prof", delete=False) as handle:
                path = handle.name
            run = _run_projector(env, "project", profile=path, max_seconds=args.max_seconds)
            print(f"\nprofiled run: {run['events_per_second']:,.0f} events/s under cProfile")
            _print_profile(path, args.profile_top)
            os.unlink(path)
    finally:
        setup.drop_redis_keys(setup.redis_url(), keys["CACHE_KEY_PREFIX"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
