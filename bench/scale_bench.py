"""Catch-up with 1 and with 2 projector processes sharing the tickets projection's partitions.

    .venv/bin/python bench/scale_bench.py [--repeat 3] [--max-seconds 40] [--partitions 4]

Runs on the desk bench/projection_bench.py writes (a million events by default; build it
first), in `BENCH_PROJECTION_DATABASE_URL`. Each run empties the tickets read tables and
checkpoints, then starts N worker processes (bench/lib/partition_worker.py: what the Celery
projection tasks do, without the broker) that share the PROJECTION_PARTITIONS partitions
until the log is applied or --max-seconds pass. Runs alternate 1, 2, 1, 2, … so that the
machine's noise falls on both alike; it prints each run's events/s (events applied by all
workers over the wall time of the slowest), their medians, the ratio, and peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
DATABASE_URL = os.environ.get("BENCH_PROJECTION_DATABASE_URL",
                              "postgres://postgres@127.0.0.1:5432/shopnest_bench_projection")


def reset() -> int:
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute("TRUNCATE tickets_ticket_view, tickets_conversation_view")
        conn.execute("DELETE FROM shopnest_projection_state WHERE projection LIKE 'tickets%' "
                     "OR name LIKE 'tickets%'")
        conn.execute("VACUUM ANALYZE tickets_ticket_view, tickets_conversation_view")
        return conn.execute("SELECT count(*) FROM es_events").fetchone()[0]


def run(workers: int, args) -> dict:
    reset()
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "PROJECTION_PARTITIONS": str(args.partitions),
           "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-" + "k" * 50),
           "ALLOWED_HOSTS": "localhost", "CACHE_KEY_PREFIX": f"bench-scale-{os.getpid()}",
           "LOG_LEVEL": "WARNING"}
    started = time.monotonic()
    children = [subprocess.Popen(
        [sys.executable, str(ROOT / "bench/lib/partition_worker.py"), "tickets",
         "--max-seconds", str(args.max_seconds)], cwd=ROOT, env=env, stdout=subprocess.PIPE)
        for _ in range(workers)]
    reports = []
    for child in children:
        out, _ = child.communicate()
        if child.returncode:
            raise SystemExit(f"a worker failed ({child.returncode})")
        reports.append(json.loads(out.decode().strip().splitlines()[-1]))
    wall = time.monotonic() - started
    events = sum(r["events"] for r in reports)
    return {"workers": workers, "events": events, "seconds": wall, "rate": events / wall,
            "peak_rss_mib": max(r["peak_rss_mib"] for r in reports)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--max-seconds", type=float, default=40.0)
    parser.add_argument("--partitions", type=int, default=4)
    args = parser.parse_args()
    results: dict[int, list[dict]] = {1: [], 2: []}
    for _ in range(args.repeat):
        for workers in (1, 2):
            result = run(workers, args)
            results[workers].append(result)
            print(f"{workers} worker(s): {result['events']:>9,} events in "
                  f"{result['seconds']:6.1f} s = {result['rate']:>8,.0f} events/s, "
                  f"peak RSS {result['peak_rss_mib']:.0f} MiB", flush=True)
    one = statistics.median(r["rate"] for r in results[1])
    two = statistics.median(r["rate"] for r in results[2])
    print(f"median: 1 worker {one:,.0f} events/s, 2 workers {two:,.0f} events/s, "
          f"ratio {two / one:.2f}")


if __name__ == "__main__":
    main()
