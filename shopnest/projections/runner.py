"""Run a projection forward, one short transaction per batch.

Each batch: try the projection's advisory lock (or leave: someone else is on it), read the
events after the checkpoint in commit-safe order, apply them, move the checkpoint with a
compare-and-set, commit. A crash or a duplicate task leaves a batch applied whole or not at
all, never twice. A handler that keeps failing marks the projection stalled; it never skips.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction

from shopnest.eventstore import store
from shopnest.eventstore.horizon import appenders_horizon
from shopnest.eventstore.records import Position
from shopnest.projections.base import Projection

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


def _lock_key(name: str) -> str:
    return f"projection:{name}"


def _ensure_state(name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO shopnest_projection_state (name, tx, position, status, failures, "
            "last_error, updated_at) VALUES (%s, 0, 0, 'running', 0, '', now()) "
            "ON CONFLICT (name) DO NOTHING",
            [name],
        )


def _read_state(name: str) -> tuple[Position, str]:
    """The checkpoint and status ("waiting": running, but a failed batch's retry is not due)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tx, position, status, coalesce(retry_at > now(), false) "
            "FROM shopnest_projection_state WHERE name = %s", [name]
        )
        tx, pos, status, waiting = cursor.fetchone()
    return Position(tx, pos), "waiting" if waiting and status == "running" else status


def _snapshot_horizon() -> int:
    # Only appending transactions hold projections back (eventstore/horizon.py).
    return appenders_horizon()


def _move_checkpoint(name: str, old: Position, new: Position, last_event_at) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE shopnest_projection_state SET tx = %s, position = %s, failures = 0, "
            "last_error = '', retry_at = NULL, heartbeat_at = now(), updated_at = now(), "
            "last_event_at = coalesce(%s, last_event_at) "
            "WHERE name = %s AND tx = %s AND position = %s",
            [new.tx, new.position, last_event_at, name, old.tx, old.position],
        )
        if cursor.rowcount != 1:
            raise CheckpointMoved(name)


def _decode(events: list) -> None:
    """Decode and upcast every event once, before any handler runs: an event no class reads
    fails the whole batch (counted, then stalled), never half of it."""
    for record in events:
        _ = record.event


def run_batch(projection: Projection, batch_size: int | None = None) -> BatchOutcome:
    """Apply at most one batch of events to `projection`; return what happened."""
    limit = batch_size or settings.SHOPNEST_PROJECTION_BATCH
    _ensure_state(projection.name)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_xact_lock(hashtextextended(%s, 0))",
                               [_lock_key(projection.name)])
                if not cursor.fetchone()[0]:
                    return BatchOutcome(applied=0, busy=True)
            checkpoint, status = _read_state(projection.name)
            if status == "stalled":
                return BatchOutcome(applied=0, stalled=True)
            if status == "waiting":
                return BatchOutcome(applied=0, waiting=True)
            horizon = _snapshot_horizon()
            events = store.read_after(checkpoint, limit, projection.event_types, horizon=horizon,
                                      max_bytes=settings.SHOPNEST_PROJECTION_BATCH_BYTES)
            if events:
                _decode(events)
                projection.apply(events)
            full = events.more  # the count or the byte bound stopped the read
            new = events[-1].token if events else checkpoint
            if not full:
                # Everything below the horizon has been read: nothing can appear behind it.
                new = max(new, Position(horizon, 0))
            last_at = events[-1].recorded_at if events else None
            _move_checkpoint(projection.name, checkpoint, new, last_at)
            return BatchOutcome(applied=len(events), more=full)
    except CheckpointMoved:
        return BatchOutcome(applied=0, busy=True)
    except Exception as exc:
        _record_failure(projection.name, exc)
        raise


def _record_failure(name: str, exc: Exception) -> None:
    """Count a failed batch in its own transaction and put its retry off (exponential backoff:
    RETRY_BASE × 2^(failures − 1), at most RETRY_MAX seconds), so a transient fault (a lock
    timeout during a migration) passes before the limit; past it, mark the projection stalled.

    Only the error's first line is kept and logged: the database adds the failing row's
    values below it (DETAIL), and those may be a person's data (docs/erasure.md)."""
    error = _first_line(exc)
    limit = settings.SHOPNEST_PROJECTION_MAX_FAILURES
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE shopnest_projection_state SET failures = failures + 1, last_error = %s, "
            "status = CASE WHEN failures + 1 >= %s THEN 'stalled' ELSE status END, "
            "retry_at = now() + make_interval(secs => least(%s * power(2, failures), %s)), "
            "heartbeat_at = now(), updated_at = now() WHERE name = %s RETURNING status, failures",
            [error[:2000], limit, settings.SHOPNEST_PROJECTION_RETRY_BASE,
             settings.SHOPNEST_PROJECTION_RETRY_MAX, name],
        )
        status, failures = cursor.fetchone()
    if status == "stalled":
        log.error("projection %s STALLED after %s failures: %s", name, failures, error)
    else:
        log.warning("projection %s batch failed (%s/%s): %s", name, failures, limit, error)


def _first_line(exc: Exception) -> str:
    lines = str(exc).splitlines()
    return f"{type(exc).__name__}: {lines[0] if lines else ''}"


def run_until_caught_up(projection: Projection, *, max_seconds: float = 10.0) -> int:
    """Apply batches until nothing is left (or time is up); return events applied."""
    deadline = time.monotonic() + max_seconds
    total = 0
    while True:
        outcome = run_batch(projection)
        total += outcome.applied
        if not outcome.more or time.monotonic() > deadline:
            return total


def heartbeat(projection: Projection) -> None:
    """Show the loop is alive even when there is nothing to do (a dead loop is not zero lag)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE shopnest_projection_state SET heartbeat_at = now() WHERE name = %s",
            [projection.name],
        )


def resume(name: str) -> None:
    """Clear a stalled projection so the runner tries its failing batch again."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE shopnest_projection_state SET status = 'running', failures = 0, "
            "retry_at = NULL, updated_at = now() WHERE name = %s",
            [name],
        )
