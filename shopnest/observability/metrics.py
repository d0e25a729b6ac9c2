"""The desk's own counters and histograms, one definition per family.

Web and worker processes each count what they do (commands in the mediator, appends in the
store, projection batches in the runner). With PROMETHEUS_MULTIPROC_DIR set, prometheus_client
keeps every process's values in files of that directory, and a scrape of any web process
adds up every process on the machine (shopnest/api/metrics.py). The directory is shared by the
web and worker containers, which have pid namespaces of their own: a pid alone would let two
processes write one file, so each process's files are named by its host name and pid.

Labels are names the code declares (command classes, stream types, projections, outcome
kinds), never ids or text from a request, so the number of series stays bounded.
"""

from __future__ import annotations

import os
import socket

from prometheus_client import CollectorRegistry, Counter, Histogram, values

_HOST = socket.gethostname().replace("_", "-")


def process_identifier(pid: int | None = None) -> str:
    """Return the name under which process `pid` (this one by default) keeps its files."""
    return f"{_HOST}-{os.getpid() if pid is None else pid}"


def multiprocess_directory() -> str | None:
    """Return the directory every process of this machine writes its values to, if any."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


if multiprocess_directory():
    # Before any metric below exists: each value is created through this class.
    values.ValueClass = values.MultiProcessValue(process_identifier)

# This process's own values, exported by /metrics when it runs without the shared directory
# (a single process: the test suite, `manage.py runserver`).
REGISTRY = CollectorRegistry(auto_describe=False)

COMMANDS = Counter(
    "shopnest_commands", "Commands handled, by command type and outcome "
    "(accepted, refused, conflict, error) and the kind of refusal or conflict",
    ["command", "outcome", "kind"], registry=REGISTRY)
COMMAND_SECONDS = Histogram(
    "shopnest_command_duration_seconds", "Time to handle a command, retries included",
    ["command"], registry=REGISTRY,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))
EVENTS_APPENDED = Counter(
    "shopnest_events_appended", "Events appended to the store and committed, by stream type",
    ["stream_type"], registry=REGISTRY)
BATCH_EVENTS = Histogram(
    "shopnest_projection_batch_events", "Events applied by one committed projection batch",
    ["projection"], registry=REGISTRY,
    buckets=(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000))
BATCH_SECONDS = Histogram(
    "shopnest_projection_batch_duration_seconds",
    "Time of one committed projection batch: lock, read, apply, checkpoint and commit",
    ["projection"], registry=REGISTRY,
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))


def mark_process_dead(pid: int) -> None:
    """Drop the files of process `pid` that hold live values only (gunicorn's child_exit)."""
    from prometheus_client import multiprocess

    if multiprocess_directory():
        multiprocess.mark_process_dead(process_identifier(pid))
