"""Celery tasks of the projection engine: thin wrappers around the runner."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from shopnest.projections import kick, linger, registry, runner
from shopnest.projections.partitions import partitions_of


@shared_task(name="shopnest.projections.tasks.run_projection", ignore_result=True)
def run_projection(name: str, index: int | None = None, count: int | None = None) -> int:
    """Bring one partition of a projection up to date (every partition when the task names
    none, or was enqueued under another partition count than this worker's)."""
    projection = registry.get(name)
    partitions = partitions_of(projection)
    if index is not None and count == len(partitions) and 0 <= index < count:
        partitions = [partitions[index]]
        if _may_linger():
            return _run_lingering(projection, partitions[0])
    return sum(_run_kicked(projection, partition) for partition in partitions)


def _may_linger() -> bool:
    # Only a run a worker took from the broker: an eager run (tests, CELERY_TASK_ALWAYS_EAGER)
    # runs inside the command's request, and a direct call inside its caller.
    request = run_projection.request
    return (settings.SHOPNEST_PROJECTION_LINGER_SECONDS > 0 and not request.is_eager
            and bool(request.delivery_info))


def _run_lingering(projection, partition) -> int:
    applied = linger.linger(partition, quiet=settings.SHOPNEST_PROJECTION_LINGER_SECONDS,
                            lifetime=settings.SHOPNEST_PROJECTION_LINGER_LIFETIME)
    if applied is None:  # another run lingers: this one leaves as soon as it is done
        return _run_kicked(projection, partition)
    return applied


def _run_kicked(projection, partition) -> int:
    # Pending until the run leaves: commands that kick meanwhile enqueue nothing (their marks
    # are read by this run), so a busy desk sends one message per run, not one per command.
    return runner.run_until_caught_up(
        projection, partition=partition,
        before_leaving=lambda: kick.clear_pending(partition))


@shared_task(name="shopnest.projections.tasks.sweep_projections", ignore_result=True)
def sweep_projections() -> None:
    """Periodic safety net (Celery beat): guarantees progress if a kick was lost. A partition
    another worker is on is left to it (its runner reports busy at once). While a run
    lingers, it serves every mark and sweeps as it leaves (linger.py): only the heartbeat."""
    sweeping = not kick.someone_lingers()
    for projection in registry.all_projections():
        if sweeping:
            runner.sweep(projection)
        runner.heartbeat(projection)
