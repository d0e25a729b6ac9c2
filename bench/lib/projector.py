"""A projector process for the projection bench: runs one projection from its checkpoint to
the end of the log with the real runner, then prints what it did as one JSON line.

    python bench/lib/projector.py tickets [--mode project|read] [--profile FILE]

It is started by bench/projection_bench.py as a child, so that its peak RSS (getrusage) is
the projector's own and not the fixture builder's. `--mode read` only reads and decodes the
batches the runner would read (no writes): the floor under the projection's own work.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mib() -> float:
    """The process's resident set now (Linux /proc), in MiB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE / 2**20


def cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU seconds of a process on this machine (default: this one)."""
    with open(f"/proc/{pid or 'self'}/stat") as stat:
        parts = stat.read().rsplit(")", 1)[1].split()
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


def backend_pid() -> int:
    """The process id of this process's PostgreSQL backend (the bench runs on one machine)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def project(name: str, max_seconds: float) -> tuple[int, int, list[float]]:
    """Run the projection's batches until it is caught up (or `max_seconds` have passed);
    return (events, batches, RSS every 20 batches)."""
    from shopnest.projections import registry, runner

    projection = registry.get(name)
    deadline = time.monotonic() + max_seconds
    applied = batches = 0
    samples: list[float] = []
    while True:
        outcome = runner.run_batch(projection)
        applied += outcome.applied
        batches += 1
        if batches % 20 == 0:
            samples.append(rss_mib())
        if outcome.busy or outcome.stalled or outcome.waiting:
            raise SystemExit(f"projection {name} could not run: {outcome}")
        if not outcome.more or time.monotonic() > deadline:
            return applied, batches, samples


def read(name: str, max_seconds: float) -> tuple[int, int, list[float]]:
    """Read and decode what the runner would read, batch by batch, writing nothing."""
    from django.conf import settings

    from shopnest.eventstore import store
    from shopnest.eventstore.horizon import appenders_horizon
    from shopnest.eventstore.records import ORIGIN
    from shopnest.projections import registry

    projection = registry.get(name)
    deadline = time.monotonic() + max_seconds
    checkpoint, total, batches, samples = ORIGIN, 0, 0, []
    limit = settings.SHOPNEST_PROJECTION_BATCH
    max_bytes = getattr(settings, "SHOPNEST_PROJECTION_BATCH_BYTES", None)
    extra = {"max_bytes": max_bytes} if max_bytes else {}
    while True:
        events = store.read_after(checkpoint, limit, projection.event_types,
                                  horizon=appenders_horizon(), **extra)
        for record in events:
            _ = record.event
        batches += 1
        if batches % 20 == 0:
            samples.append(rss_mib())
        if not events or time.monotonic() > deadline:
            return total + len(events), batches, samples
        total += len(events)
        checkpoint = events[-1].token


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("projection")
    parser.add_argument("--mode", choices=("project", "read"), default="project")
    parser.add_argument("--profile", help="write cProfile stats of the run to this file")
    parser.add_argument("--max-seconds", type=float, default=float("inf"),
                        help="stop after the batch that passes this time")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    started_rss = rss_mib()
    profiler = cProfile.Profile() if args.profile else None
    backend = backend_pid()
    cpu_before, backend_before = cpu_seconds(), cpu_seconds(backend)
    began = time.perf_counter()
    if profiler:
        profiler.enable()
    events, batches, samples = (project if args.mode == "project" else read)(args.projection,
                                                                       args.max_seconds)
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - began
    cpu, backend_cpu = cpu_seconds() - cpu_before, cpu_seconds(backend) - backend_before
    if profiler:
        profiler.dump_stats(args.profile)
    print(json.dumps({
        "mode": args.mode, "events": events, "batches": batches, "seconds": seconds,
        "events_per_second": events / seconds if seconds else 0.0,
        # What the run cost in CPU, the projector's and its PostgreSQL backend's: a figure the
        # other loads of a shared machine change far less than the wall-clock rate.
        "cpu_seconds": cpu, "backend_cpu_seconds": backend_cpu,
        "events_per_cpu_second": events / (cpu + backend_cpu) if cpu + backend_cpu else 0.0,
        "rss_after_setup_mib": started_rss, "rss_samples_mib": samples,
        "rss_end_mib": rss_mib(), "peak_rss_mib": peak_rss_mib(),
        "batch": settings.SHOPNEST_PROJECTION_BATCH,
        "batch_bytes": getattr(settings, "SHOPNEST_PROJECTION_BATCH_BYTES", None),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
