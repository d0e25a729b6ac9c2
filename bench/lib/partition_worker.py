"""One of several projector processes sharing a projection's partitions, for bench/scale_bench.py.

    python bench/lib/partition_worker.py tickets --max-seconds 30

It does what a Celery worker's projection tasks do, without the broker: partition after
partition, it runs batches of one while that partition has more (as `run_until_caught_up`
does, so a worker keeps the partition it is on and the states it remembers stay its own; a
partition another worker holds is busy and skipped), until no partition has anything left or
time is up. Prints one JSON line: events applied, seconds, CPU, peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("projection")
    parser.add_argument("--max-seconds", type=float, default=60.0)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from bench.lib.projector import backend_pid, cpu_seconds
    from shopnest.projections import registry, runner
    from shopnest.projections.partitions import partitions_of

    projection = registry.get(args.projection)
    partitions = partitions_of(projection)
    backend = backend_pid()
    cpu_before, backend_before = cpu_seconds(), cpu_seconds(backend)
    started = time.monotonic()
    deadline = started + args.max_seconds
    applied = batches = 0
    done: set = set()
    while len(done) < len(partitions) and time.monotonic() < deadline:
        for partition in partitions:
            while True:
                outcome = runner.run_batch(projection, partition=partition)
                applied += outcome.applied
                batches += 1
                if outcome.stalled:
                    raise SystemExit(f"{partition} stalled")
                if not outcome.more or time.monotonic() > deadline:
                    break
            if not outcome.busy and not outcome.more:
                done.add(partition)
            elif outcome.more:
                done.discard(partition)
    print(json.dumps({"events": applied, "batches": batches,
                      "seconds": time.monotonic() - started,
                      # This worker's CPU and its PostgreSQL backend's, as projector.py reports.
                      "cpu_seconds": cpu_seconds() - cpu_before,
                      "backend_cpu_seconds": cpu_seconds(backend) - backend_before,
                      "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


if __name__ == "__main__":
    main()
