"""One batch for several projections of the same streams: one read, one transaction.

Projections whose partitions own the same buckets (the same index of the same partition
count, such as the tickets and ticket_activities projections of ticket streams) read the
same events. At the head of the store a batch is one or two events, and its fixed cost (the
transaction, the locks and checkpoint, the horizon, the read, the checkpoint's move) was
most of a lingering run's work per commit, paid once per projection. A joint batch pays it
once: it takes every member's locks and reads every checkpoint in one round trip, reads the
events of all their types once, hands each projection the events of its own types in order,
and moves every checkpoint in one statement, all in one transaction.

Members may stand at different checkpoints (each ran on its own before, and each batch
moves its checkpoint up to the horizon it saw): the batch reads from the lowest, hands each
projection only the events after its own checkpoint, and moves them all to the same place,
so from then on they stay together.

It is only a shortcut. A member that is stalled or waiting for a retry, one whose
checkpoint lies beyond what the batch read, or any failure inside the batch (a handler's)
sends the caller back to one batch per projection (runner.run_batch): that is where a
failure is counted, against the projection that failed alone, so a poison event for one
projection never holds another back.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from shopnest.eventstore import store
from shopnest.eventstore.records import Position
from shopnest.projections import collector, instruments, runner
from shopnest.projections.base import Projection
from shopnest.projections.partitions import Partition


class NotJoint(Exception):
    """The members cannot share this batch: serve them one by one."""


def by_streams(partitions: list[Partition]) -> list[list[Partition]]:
    """The partitions in groups that own the same buckets (the same index of the same count
    and build), each group in the order given: a group of several can share its batches."""
    groups: dict[tuple[int, int, str], list[Partition]] = {}
    for partition in partitions:
        groups.setdefault((partition.index, partition.count, partition.build), []).append(
            partition)
    return list(groups.values())


@collector.pausing
@instruments.observed
def run_joint_batch(members: list[tuple[Projection, Partition]]) -> runner.BatchOutcome:
    """Apply one batch of events to every member at once (partitions of the same streams:
    `by_streams`); raise NotJoint when they must be served one by one instead."""
    partitions = [partition for _, partition in members]
    for partition in partitions:
        runner.ensure_state_once(partition)
    try:
        return _run_joint_batch(members, partitions)
    except runner.StateMissing:  # deleted since this process made them: once more
        for partition in partitions:
            runner.forget_state(partition.key)
            runner.ensure_state_once(partition)
        return _run_joint_batch(members, partitions)


def _run_joint_batch(members: list[tuple[Projection, Partition]],
                     partitions: list[Partition]) -> runner.BatchOutcome:
    try:
        with transaction.atomic():
            # The caller took the members' marks before the batch (linger.py): the horizon
            # may come with the locks.
            locked = runner.lock_and_read_states(partitions, with_horizon=True)
            if locked is None:
                return runner.BatchOutcome(applied=0, busy=True)
            if any(status != "running" for _, status in locked.states):
                raise NotJoint("a member is stalled or waits for a retry")
            return _apply_and_move(members, [checkpoint for checkpoint, _ in locked.states],
                                   locked.horizon)
    except runner.CheckpointMoved:
        return runner.BatchOutcome(applied=0, busy=True)
    except (NotJoint, runner.StateMissing):
        raise
    except Exception as exc:
        raise NotJoint(f"the joint batch failed: {runner.first_line(exc)}") from exc


def _apply_and_move(members: list[tuple[Projection, Partition]],
                    checkpoints: list[Position], horizon: int) -> runner.BatchOutcome:
    projections = [projection for projection, _ in members]
    partitions = [partition for _, partition in members]
    checkpoint = min(checkpoints)
    types = sorted({t for projection in projections for t in projection.event_types})
    events = store.read_after(
        checkpoint, settings.SHOPNEST_PROJECTION_BATCH, types, horizon=horizon,
        partition=partitions[0], max_bytes=settings.SHOPNEST_PROJECTION_BATCH_BYTES,
        metadata_keys=_metadata_keys(projections),
        tail=all(runner.at_the_head(p) for p in partitions))
    full = events.more
    new = events[-1].token if events else checkpoint
    if not full:
        new = max(new, Position(horizon, 0))
    if new < max(checkpoints):
        raise NotJoint("a member's checkpoint lies beyond this batch")
    if events:
        runner.decode(events)
        for projection, own_checkpoint in zip(projections, checkpoints, strict=True):
            wanted = set(projection.event_types)
            own = [r for r in events if r.type in wanted and r.token > own_checkpoint]
            if own:
                instruments.apply(projection, own)
    last_at = events[-1].recorded_at if events else None
    runner.move_checkpoints([(p.key, old) for p, old in zip(partitions, checkpoints,
                                                             strict=True)], new, last_at)
    for partition in partitions:
        runner.note_head(partition, reached=not full)
    return runner.BatchOutcome(applied=len(events), more=full)


def _metadata_keys(projections: list[Projection]) -> tuple[str, ...] | None:
    keys: dict[str, None] = {}
    for projection in projections:
        own = runner.metadata_keys(projection)
        if own is None:
            return None
        keys.update(dict.fromkeys(own))
    return tuple(keys)
