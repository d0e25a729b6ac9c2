"""A kicked run that stays a while: it serves every partition until the desk is quiet.

Without it every commit that finds its partitions idle sends the broker a message, and each
message costs a worker a task (and the web process a publish) for a batch of one or two
events. A lingering run, once its own partition is caught up, adopts the pending flag of
every partition no run is waiting on or running (kick.adopt), so commits from then on only
mark them. It waits on the marks of every partition in Redis (kick.MarkWaiter), adopted
or not, and runs a batch of each partition marked, at once, without a round trip through
the broker: a partition whose run is still queued behind another task is served too.

One run lingers at a time (kick.take_linger_slot): the worker's other processes stay free
for the queue's other tasks (a kicked run that finds the slot taken leaves as it always did,
tasks.py, and the lingering run adopts its partition within a second). It leaves when nothing was marked for `quiet` seconds or after `lifetime` seconds
in all (so its process returns to the queue now and then): it clears the flags it adopted
and then looks at their marks once more, so a kick that came just before is not left for
the sweep (kick.py). The locks and checkpoints are the runner's as ever: a partition found
busy gets its mark back for the lock holder's last look.
"""

from __future__ import annotations

import logging
import time

from shopnest.observability import correlation
from shopnest.projections import joint, kick, registry, runner
from shopnest.projections.partitions import Partition, partitions_of

log = logging.getLogger("shopnest.projections")
# A partition found busy (a sweep or a rebuild holds it) is waited for this long before the
# next look, rather than in a loop on its mark.
BUSY_PAUSE_SECONDS = 0.02
# The slot lapses this long after it was last renewed (every RENEW seconds while the run
# lingers): a run killed meanwhile (kill -9, a worker's hard shutdown) holds back the beat's
# sweeps no longer than that.
SLOT_SECONDS = 3.0
RENEW_SECONDS = 1.0
# How often, while commits keep it busy, the run adopts the partitions whose own run has
# left since (it found this run lingering and ran the usual way, then cleared its flag). Until
# then each commit to such a partition finds no flag and sends the broker a message, and a
# worker runs a task for it: measured as a sixth of the worker's time with a 1 s interval.
ADOPT_SECONDS = 0.05
# Under load (a mark within COALESCE_BELOW of the last), the run waits COALESCE before its
# batch: at half the desk's create rate commits are further apart and are served at once.
COALESCE_BELOW_SECONDS = 0.004
COALESCE_SECONDS = 0.003


def linger(first: Partition, *, quiet: float, lifetime: float) -> int | None:
    """Serve `first` (whose pending flag the caller holds) and every partition, until quiet
    or out of time; return the events applied, or None when another run lingers already."""
    if not kick.take_linger_slot(SLOT_SECONDS):
        return None
    try:
        applied, _ = serve(first)
    except BaseException:
        kick.leave_linger_slot()
        raise
    watched = _every_partition()
    held = [first, *kick.adopt([p for p in watched if p != first])]
    # What it serves from now on was committed by commands other than the one that sent it.
    token = correlation.bind(None)
    try:
        marks = kick.MarkWaiter(watched)
        now = time.monotonic()
        deadline, last_mark, renewed, adopted = now + lifetime, now, now, now
        while (left := deadline - now) > 0:
            if now - renewed >= RENEW_SECONDS:
                kick.renew_linger_slot(SLOT_SECONDS)
                renewed = now
            if now - adopted >= ADOPT_SECONDS:
                # Partitions whose own run has left since are adopted too: their commits
                # then send nothing.
                taken = set(held)
                held += kick.adopt([p for p in watched if p not in taken])
                adopted = now
            marked = marks.wait(min(quiet - (now - last_mark), left, RENEW_SECONDS))
            now = time.monotonic()
            if not marked:
                if now - last_mark >= quiet:
                    break
                continue
            if now - last_mark < COALESCE_BELOW_SECONDS:
                # Commits come faster than batches: let a few more arrive, so one batch
                # serves them together (its fixed cost was most of the work per commit).
                time.sleep(COALESCE_SECONDS)
                marked = marks.take_group(marked)
                now = time.monotonic()
            last_mark = now
            done, busy = serve_marked(marked)
            applied += done
            for partition in busy:
                kick.mark(partition)  # for the holder's last look, and this run's next
            if busy:
                time.sleep(BUSY_PAUSE_SECONDS)
            now = time.monotonic()
        if now >= deadline:
            # Busy to the end: the beat's sweeps skipped their rounds meanwhile (an event a
            # rolled-back appender held below the horizon has no mark): one round here.
            for projection in registry.all_projections():
                runner.sweep(projection)
    finally:
        correlation.unbind(token)
        _let_go(held)
    # Released: a kick from now on enqueues a run of its own. One that came just before
    # the release enqueued nothing, and its mark is read here.
    for partition in held:
        if kick.is_marked(partition):
            applied += runner.run_until_caught_up(registry.get(partition.projection),
                                                  partition=partition)
    return applied


def _let_go(held: list[Partition]) -> None:
    """Clear the adopted flags and leave the slot. Without Redis (the wait failed because it
    went away) both lapse by themselves, the flags after PENDING_TTL_SECONDS and the slot
    after SLOT_SECONDS, and the sweeps resume: a failure here must not hide the first."""
    for let_go in (lambda: kick.release(held), kick.leave_linger_slot):
        try:
            let_go()
        except Exception:
            log.warning("a lingering run could not let go in Redis; it lapses", exc_info=True)


def serve_marked(marked: list[Partition]) -> tuple[int, list[Partition]]:
    """Serve partitions whose marks the caller took; return the events applied and the
    partitions another runner held. Those of the same streams share their batches
    (joint.py), in the order given, unless they cannot; the others are served one by one."""
    applied, busy = 0, []
    for group in joint.by_streams(marked):
        done, held = _serve_group(group)
        applied += done
        busy += held
    return applied, busy


def _serve_group(group: list[Partition]) -> tuple[int, list[Partition]]:
    applied = 0
    if len(group) > 1:
        members = [(registry.get(p.projection), p) for p in group]
        try:
            while True:
                outcome = joint.run_joint_batch(members)
                applied += outcome.applied
                if not outcome.more:
                    return applied, group if outcome.busy else []
        except joint.NotJoint:
            pass  # one by one, where a failure is counted against its own projection
    busy = []
    for partition in group:
        # Its mark is taken: the first batch need not clear it.
        done, found_busy = serve(partition, clear_mark=False)
        applied += done
        busy += [partition] if found_busy else []
    return applied, busy


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
