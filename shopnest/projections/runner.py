"""Run a projection forward, one short transaction per batch, partition by partition.

Each batch of a partition (partitions.py): try the locks of the partition's buckets (or
leave: someone else is on it), read the partition's events after its checkpoint in
commit-safe order, apply them, move the checkpoint with a compare-and-set, commit. A crash or
a duplicate task leaves a batch applied whole or not at all, never twice. A handler that keeps
failing marks the partition stalled; it never skips, and records the event it stopped at.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction

from shopnest.eventstore import horizon as read_horizon
from shopnest.eventstore import store
from shopnest.eventstore.params import text_array
from shopnest.eventstore.records import Position
from shopnest.projections import collector, instruments, kick
from shopnest.projections.base import Projection, blame, failed_record
from shopnest.projections.partitions import Partition, partitions_of

log = logging.getLogger("shopnest.projections")


class CheckpointMoved(Exception):
    """The checkpoint changed under us: another runner got there (roll back, try later)."""


@dataclass(frozen=True)
class BatchOutcome:
    applied: int
    busy: bool = False
    stalled: bool = False
    more: bool = False
    # The last batch failed and its retry is not due yet (backoff).
    waiting: bool = False


def ensure_state(partition: Partition) -> None:
    """Create the partition's checkpoint row on its first run. A new partitioning starts
    from the lowest checkpoint any other partitioning of the projection reached (or from the
    start): what lies between is read again and skipped by the rows' versions."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO shopnest_projection_state (name, projection, partition_index, "
            "partition_count, tx, position, status, failures, last_error, updated_at) "
            "SELECT %s, %s, %s, %s, coalesce(earlier.tx, 0), coalesce(earlier.position, 0), "
            "'running', 0, '', now() FROM (SELECT 1) one LEFT JOIN LATERAL ("
            "  SELECT tx, position FROM shopnest_projection_state WHERE projection = %s "
            "  AND partition_count <> %s ORDER BY tx, position LIMIT 1) earlier ON true "
            "ON CONFLICT (name) DO NOTHING",
            [partition.key, partition.family, partition.index, partition.count,
             partition.family, partition.count],
        )


@dataclass(frozen=True)
class Locked:
    """What a batch found once it held its partitions' locks."""

    states: list[tuple[Position, str]]  # each partition's checkpoint and status
    horizon: int | None  # the read horizon, when it was asked for with the locks


def lock_and_read_states(partitions: list[Partition], *,
                         with_horizon: bool = False) -> Locked | None:
    """Take every bucket lock of the partitions until the transaction ends and read their
    checkpoints and statuses, in one round trip; None when another runner holds a lock
    (busy). Try-locks never wait, so runners of different partitionings cannot deadlock.

    The row is read with the statement's snapshot, taken just before the locks: a runner
    that committed in between is not seen, and this batch then fails the checkpoint's
    compare-and-set (CheckpointMoved) and reports busy, as if it had found the lock taken.
    A partition whose row is gone (deleted since this process made sure of it) raises
    StateMissing.

    `with_horizon`: the read horizon comes in the same round trip. Only for a batch whose
    marks were taken before it began (a lingering run's): a batch that clears its mark must
    note the horizon after that, or a commit kicked in between would be neither read nor
    marked."""
    horizon_cte, horizon_column, horizon_params = "", "", ()
    if with_horizon:
        horizon_cte = f", h AS MATERIALIZED (SELECT {read_horizon.HORIZON_SQL} AS parts) "
        horizon_column, horizon_params = ", (SELECT parts FROM h)", read_horizon.HORIZON_PARAMS
    keys, names = _lock_and_state_params(tuple(partitions))
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH locked AS MATERIALIZED (SELECT bool_and(pg_try_advisory_xact_lock("
            "hashtextextended(k, 0))) AS ok FROM unnest(%s::text[]) k)"
            f"{horizon_cte} "
            "SELECT locked.ok, n.name, s.name IS NOT NULL, s.tx, s.position, s.status, "
            f"coalesce(s.retry_at > now(), false){horizon_column} FROM locked "
            "CROSS JOIN unnest(%s::text[]) WITH ORDINALITY n(name, ord) "
            "LEFT JOIN shopnest_projection_state s ON s.name = n.name AND locked.ok "
            "ORDER BY n.ord",
            [keys, *horizon_params, names])
        rows = cursor.fetchall()
    if not rows[0][0]:
        return None
    states = []
    for _, name, found, tx, pos, status, waiting, *_ in rows:
        if not found:
            raise StateMissing(name)
        # "waiting": running, but a failed batch's retry is not due yet.
        states.append((Position(tx, pos), "waiting" if waiting and status == "running"
                       else status))
    return Locked(states, read_horizon.horizon_of(rows[0][7]) if with_horizon else None)


@functools.lru_cache(maxsize=1024)
def _lock_and_state_params(partitions: tuple[Partition, ...]) -> tuple[str, str]:
    # The same few partitions batch after batch: their keys are made and quoted once.
    return (text_array(tuple(key for p in partitions for key in p.lock_keys())),
            text_array(tuple(p.key for p in partitions)))


class StateMissing(Exception):
    """A partition's checkpoint row is not there (yet, or any more)."""


# Partitions whose checkpoint row this process has made sure of: a batch does not ask again.
_ensured: set[str] = set()
# Partitions whose last batch here read everything up to the horizon: the next one reads the
# few events after it the cheap way (store.read_after's `tail`). A full batch (a catch-up)
# takes the partition out again, so a reader far behind reads only its own buckets.
_at_the_head: set[str] = set()


def forget_state(key: str) -> None:
    """The partition's checkpoint row was found missing: make it again on the next batch."""
    _ensured.discard(key)


def ensure_state_once(partition: Partition) -> None:
    if partition.key not in _ensured:
        ensure_state(partition)  # committed before the batch: others see the row at once
        _ensured.add(partition.key)


def lock_partition(partition: Partition) -> None:
    """Wait for every bucket lock of the partition, held until the transaction ends (a
    switch-over, or a test holding a batch's place). Taken in one order: no deadlock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) "
            "FROM (SELECT unnest(%s::text[]) k ORDER BY 1) keys", [partition.lock_keys()])


def at_the_head(partition: Partition) -> bool:
    return partition.key in _at_the_head


def note_head(partition: Partition, *, reached: bool) -> None:
    """Whether the partition's last batch read everything up to the horizon."""
    if reached:
        _at_the_head.add(partition.key)
    else:
        _at_the_head.discard(partition.key)


def snapshot_horizon() -> int:
    # Only appending transactions hold projections back (eventstore/horizon.py).
    return read_horizon.appenders_horizon()


def move_checkpoints(moves: list[tuple[str, Position]], new: Position, last_event_at) -> None:
    """Move each checkpoint named from its old position to `new` (a compare-and-set:
    CheckpointMoved when any of them is no longer where it was)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE shopnest_projection_state s SET tx = %s, position = %s, failures = 0, "
            "last_error = '', failed_event = '', retry_at = NULL, heartbeat_at = now(), "
            "updated_at = now(), last_event_at = coalesce(%s, s.last_event_at) "
            "FROM unnest(%s::text[], %s::bigint[], %s::bigint[]) old(name, tx, position) "
            "WHERE s.name = old.name AND s.tx = old.tx AND s.position = old.position",
            [new.tx, new.position, last_event_at, text_array(tuple(key for key, _ in moves)),
             [old.tx for _, old in moves], [old.position for _, old in moves]],
        )
        if cursor.rowcount != len(moves):
            raise CheckpointMoved(", ".join(key for key, _ in moves))


def decode(events: list) -> None:
    """Decode and upcast every event once, before any handler runs: an event no class reads
    fails the whole batch (counted, then stalled), never half of it."""
    for record in events:
        try:
            _ = record.event
        except Exception as exc:
            blame(exc, record)
            raise


def metadata_keys(projection: Projection) -> tuple[str, ...] | None:
    if projection.metadata_keys is None:
        return None
    return (*instruments.METADATA_KEYS, *projection.metadata_keys)


@collector.pausing
@instruments.observed
def run_batch(projection: Projection, batch_size: int | None = None, *,
              partition: Partition | None = None, clear_mark: bool = True) -> BatchOutcome:
    """Apply at most one batch of events to one partition of `projection` (without one:
    a batch to each partition in turn); return what happened. `clear_mark=False`: the
    caller has taken the partition's mark itself (linger.py)."""
    if partition is None:
        return _combined([run_batch(projection, batch_size, partition=p)
                          for p in partitions_of(projection)])
    limit = batch_size or settings.SHOPNEST_PROJECTION_BATCH
    ensure_state_once(partition)
    try:
        return _run_batch(projection, partition, limit, clear_mark)
    except StateMissing:
        forget_state(partition.key)
        ensure_state_once(partition)
        return _run_batch(projection, partition, limit, clear_mark)


def _run_batch(projection: Projection, partition: Partition, limit: int,
               clear_mark: bool = True) -> BatchOutcome:
    events: list = []
    try:
        with transaction.atomic():
            locked = lock_and_read_states([partition], with_horizon=not clear_mark)
            if locked is None:
                return BatchOutcome(applied=0, busy=True)
            # Kicks from now on are for events this batch may not see: they mark again.
            if clear_mark:
                kick.clear_mark(partition)
            ((checkpoint, status),) = locked.states
            if status == "stalled":
                return BatchOutcome(applied=0, stalled=True)
            if status == "waiting":
                return BatchOutcome(applied=0, waiting=True)
            horizon = snapshot_horizon() if locked.horizon is None else locked.horizon
            events = store.read_after(checkpoint, limit, projection.event_types, horizon=horizon,
                                      partition=partition,
                                      max_bytes=settings.SHOPNEST_PROJECTION_BATCH_BYTES,
                                      metadata_keys=metadata_keys(projection),
                                      tail=at_the_head(partition))
            if events:
                decode(events)
                instruments.apply(projection, events)
            full = events.more  # the count or the byte bound stopped the read
            new = events[-1].token if events else checkpoint
            if not full:
                # Everything below the horizon has been read: nothing can appear behind it.
                new = max(new, Position(horizon, 0))
            last_at = events[-1].recorded_at if events else None
            move_checkpoints([(partition.key, checkpoint)], new, last_at)
            note_head(partition, reached=not full)
            return BatchOutcome(applied=len(events), more=full)
    except StateMissing:
        raise  # not a failure of the batch: run_batch makes the row and tries again
    except CheckpointMoved:
        return BatchOutcome(applied=0, busy=True)
    except Exception as exc:
        _record_failure(partition.key, exc, _failed_at(exc, events))
        raise


def _combined(outcomes: list[BatchOutcome]) -> BatchOutcome:
    return BatchOutcome(
        applied=sum(o.applied for o in outcomes),
        busy=any(o.busy for o in outcomes),
        stalled=any(o.stalled for o in outcomes),
        more=any(o.more for o in outcomes),
        waiting=any(o.waiting for o in outcomes),
    )


def _failed_at(exc: Exception, events: list) -> str:
    """Which event the batch failed on (`stream vN at tx:position`), as far as is known: the
    event a handler or the decoding raised for; else the span of the batch (a failure of a
    bulk write belongs to no one event); else nothing (the batch was not read)."""
    record = failed_record(exc)
    if record is not None:
        return f"{record.stream_id} v{record.version} at {record.token}"
    if events:
        return (f"one of {len(events)} events from {events[0].token} ({events[0].stream_id} "
                f"v{events[0].version}) to {events[-1].token}")
    return ""


def _record_failure(name: str, exc: Exception, failed_event: str = "") -> None:
    """Count a failed batch in its own transaction and put its retry off (exponential backoff:
    RETRY_BASE × 2^(failures − 1), at most RETRY_MAX seconds), so a transient fault (a lock
    timeout during a migration) passes before the limit; past it, mark the projection stalled.

    Only the error's first line is kept and logged: the database adds the failing row's
    values below it (DETAIL), and those may be a person's data (docs/erasure.md)."""
    error = first_line(exc)
    limit = settings.SHOPNEST_PROJECTION_MAX_FAILURES
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE shopnest_projection_state SET failures = failures + 1, last_error = %s, "
            "failed_event = %s, "
            "status = CASE WHEN failures + 1 >= %s THEN 'stalled' ELSE status END, "
            "retry_at = now() + make_interval(secs => least(%s * power(2, failures), %s)), "
            "heartbeat_at = now(), updated_at = now() WHERE name = %s RETURNING status, failures",
            [error[:2000], failed_event, limit, settings.SHOPNEST_PROJECTION_RETRY_BASE,
             settings.SHOPNEST_PROJECTION_RETRY_MAX, name],
        )
        status, failures = cursor.fetchone()
    at = f" (at {failed_event})" if failed_event else ""
    if status == "stalled":
        log.error("projection %s STALLED after %s failures%s: %s", name, failures, at, error)
    else:
        log.warning("projection %s batch failed (%s/%s)%s: %s", name, failures, limit, at,
                    error)


def first_line(exc: Exception) -> str:
    lines = str(exc).splitlines()
    return f"{type(exc).__name__}: {lines[0] if lines else ''}"


def run_until_caught_up(projection: Projection, *, max_seconds: float = 10.0,
                        partition: Partition | None = None,
                        before_leaving: Callable[[], None] | None = None) -> int:
    """Apply batches until nothing is left (or time is up); return events applied. Without
    a partition, every partition of the projection in turn.

    A kick that came while this runner held the partition's locks found it busy and left;
    its mark (kick.py) is still set, so the runner looks again before it lets go. Only the
    holder of the locks clears the mark (run_batch, before it reads).

    `before_leaving` runs once as the runner is about to return (a kicked run clears its
    pending flag there, so kicks while it runs enqueue nothing); the marks are looked at
    once more after it, so a kick that came just before is not left for the sweep."""
    if partition is None:
        return sum(run_until_caught_up(projection, max_seconds=max_seconds, partition=p)
                   for p in partitions_of(projection))
    deadline = time.monotonic() + max_seconds
    total = 0
    while True:
        outcome = run_batch(projection, partition=partition)
        total += outcome.applied
        if time.monotonic() > deadline:
            _leave(before_leaving)
            if kick.is_marked(partition):  # more came: a run of its own, not this one
                kick.kick_partitions([partition])
            return total
        if outcome.more:
            continue
        if outcome.busy or outcome.stalled or outcome.waiting:
            _leave(before_leaving)  # a busy partition's holder looks at the marks itself
            return total
        if kick.is_marked(partition):
            continue
        if before_leaving is not None:
            _leave(before_leaving)
            before_leaving = None
            if kick.is_marked(partition):
                continue
        return total


def _leave(before_leaving: Callable[[], None] | None) -> None:
    if before_leaving is not None:
        before_leaving()


def sweep(projection: Projection) -> None:
    """Bring every partition of the projection up to date, each on its own (the safety net
    for a lost kick: tasks.sweep_projections, linger.py)."""
    for partition in partitions_of(projection):
        try:
            run_until_caught_up(projection, max_seconds=5.0, partition=partition)
        except Exception:
            # Counted and logged by the runner (it stalls after repeated failures); the
            # partitions after this one must still be swept.
            log.exception("sweep of projection %s failed", partition)
            _drop_broken_connection()


def _drop_broken_connection() -> None:
    """Close the database connection if the failure broke it (a failover, a terminated
    backend), so the next partition reconnects instead of failing on the dead one. A batch
    cut inside its transaction is closed by Django already (its rollback fails); one cut
    between batches is found dead only by the next query."""
    if (connection.connection is not None and not connection.in_atomic_block
            and not connection.is_usable()):
        connection.close()


def heartbeat(projection: Projection) -> None:
    """Show the loop is alive even when there is nothing to do (a dead loop is not zero lag)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE shopnest_projection_state SET heartbeat_at = now() WHERE name = ANY(%s)",
            [[p.key for p in partitions_of(projection)]],
        )


def resume(name: str) -> None:
    """Clear a stalled projection (every partition of it, by its name, or one partition by
    its row's name) so the runner tries its failing batch again."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE shopnest_projection_state SET status = 'running', failures = 0, "
            "retry_at = NULL, updated_at = now() WHERE name = %s OR projection = %s",
            [name, name],
        )
