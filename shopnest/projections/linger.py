"""A kicked run that stays a while: it serves every idle partition until the desk is quiet.

Without it every commit that finds its partitions idle sends the broker a message, and each
message costs a worker a task (and the web process a publish) for a batch of one or two
events. A lingering run, once its own partition is caught up, adopts the pending flag of
every partition no run is waiting on or running (kick.adopt), so commits from then on only
mark them; it waits on those marks in Redis (kick.wait_for_mark) and runs a batch of the
partition that was marked, at once, without a round trip through the broker.

It leaves when nothing was marked for `quiet` seconds or after `lifetime` seconds in all (so
the worker process returns to the queue's other tasks now and then): it clears the flags it
holds and then looks at their marks once more, so a kick that came just before is not left
for the sweep (kick.py). The locks and checkpoints are the runner's as ever: a lingering
run that finds a partition busy leaves its mark for the lock holder's last look.
"""

from __future__ import annotations

import logging
import time

from shopnest.observability import correlation
from shopnest.projections import kick, registry, runner
from shopnest.projections.partitions import Partition, partitions_of

log = logging.getLogger("shopnest.projections")
# A partition found busy (a sweep or a rebuild holds it) is waited for this long before the
# next look, rather than in a loop on its mark.
BUSY_PAUSE_SECONDS = 0.02


def linger(first: Partition, *, quiet: float, lifetime: float) -> int:
    """Serve `first` (whose pending flag the caller holds) and every partition this run can
    adopt, until quiet or out of time; return the events applied."""
    held = [first, *kick.adopt([p for p in _every_partition() if p != first])]
    applied = 0
    # What it serves from now on was committed by commands other than the one that sent it.
    token = correlation.bind(None)
    try:
        deadline = time.monotonic() + lifetime
        while (left := deadline - time.monotonic()) > 0:
            marked = kick.wait_for_mark(held, min(quiet, left))
            if marked is None:
                break
            # Its mark is taken: the first batch need not clear it.
            done, busy = serve(marked, clear_mark=False)
            applied += done
            if busy:
                kick.mark(marked)  # for the holder's last look, and this run's next one
                time.sleep(BUSY_PAUSE_SECONDS)
    finally:
        kick.release(held)
        correlation.unbind(token)
    # Released: a kick from now on enqueues a run of its own. One that came just before
    # the release enqueued nothing, and its mark is read here.
    for partition in held:
        if kick.is_marked(partition):
            applied += runner.run_until_caught_up(registry.get(partition.projection),
                                                  partition=partition)
    return applied


def serve(partition: Partition, *, clear_mark: bool = True) -> tuple[int, bool]:
    """Run batches of one partition until it is caught up; return the events applied and
    whether another runner held it."""
    projection = registry.get(partition.projection)
    applied = 0
    while True:
        outcome = runner.run_batch(projection, partition=partition, clear_mark=clear_mark)
        applied += outcome.applied
        if not outcome.more:
            return applied, outcome.busy


def _every_partition() -> list[Partition]:
    return [p for projection in registry.all_projections() for p in partitions_of(projection)]
