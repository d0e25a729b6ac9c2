"""Read-your-writes: remember each principal's last write, wait for projections to pass it.

The token is the `(tx, position)` of the last event a principal's command appended. A query
by the same principal waits, bounded, until every projection it reads has a checkpoint at or
past that token. Past the bound it answers with what it has, flagged stale.
"""

from __future__ import annotations

import contextvars
import time

from django.conf import settings
from django.db import connection

from shopnest.eventstore.records import Position
from shopnest.projections import write_tokens
from shopnest.projections.partitions import Partition, partitions_of

KICK_AFTER_SECONDS = 0.1
KICK_EVERY_SECONDS = 1.0
# Whether the current request's answers were read-your-writes consistent (None: not checked).
consistency_state: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "consistency_state", default=None
)


def remember_write(principal: str | None, token: Position) -> None:
    """Remember `token` as `principal`'s last write (keeps the larger of old and new)."""
    if principal is None:
        return
    try:
        write_tokens.raise_token(principal, token)
    except Exception:  # a cache outage weakens consistency, it must not fail the write
        pass


def last_write(principal: str) -> Position | None:
    try:
        return write_tokens.read_token(principal)
    except Exception:  # no token to wait for: the query answers without waiting
        return None


def partition_checkpoints(names: tuple[str, ...]) -> dict[Partition, Position]:
    """Each partition of the named projections and its checkpoint ((0, 0) before its first
    run)."""
    from shopnest.projections import registry

    partitions = [p for name in names for p in partitions_of(registry.get(name))]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, tx, position FROM shopnest_projection_state WHERE name = ANY(%s)",
            [[p.key for p in partitions]],
        )
        found = {name: Position(tx, pos) for name, tx, pos in cursor.fetchall()}
    return {p: found.get(p.key, Position(0, 0)) for p in partitions}


def checkpoints(names: tuple[str, ...]) -> dict[str, Position]:
    """The checkpoint each named projection has passed in every partition (the least of its
    partitions'), for the projections that have run."""
    out: dict[str, Position] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT projection FROM shopnest_projection_state "
                       "WHERE projection = ANY(%s)", [list(names)])
        ran = {name for (name,) in cursor.fetchall()}
    for partition, checkpoint in partition_checkpoints(tuple(ran)).items():
        known = out.get(partition.projection)
        out[partition.projection] = checkpoint if known is None else min(known, checkpoint)
    return out


def _nothing_to_project(partition: Partition, checkpoint: Position, token: Position) -> bool:
    """True when no event the projection handles lies in the partition between its
    checkpoint and `token`: it already shows everything up to the token (it just has not
    run since)."""
    from shopnest.projections import registry

    partition_filter, partition_params = partition.sql_filter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM es_events WHERE (tx, position) > (%s::text::xid8, %s) "
            f"AND (tx, position) <= (%s::text::xid8, %s) AND type = ANY(%s) {partition_filter})",
            [str(checkpoint.tx), checkpoint.position, str(token.tx), token.position,
             list(registry.get(partition.projection).event_types), *partition_params],
        )
        return not cursor.fetchone()[0]


def has_reached(names: tuple[str, ...], token: Position) -> bool:
    """Return whether every named projection reflects all events up to `token`, in every
    partition."""
    for partition, checkpoint in partition_checkpoints(names).items():
        if checkpoint < token and not _nothing_to_project(partition, checkpoint, token):
            return False
    return True


def wait_for_token(names: tuple[str, ...], token: Position, timeout: float | None = None) -> bool:
    """Poll until every named projection has passed `token`; return False on timeout.

    A projection that is behind is kicked again now and then: its last run may have stopped
    at a horizon held back by some other open transaction, and the sweep is up to a period
    away. The kick only enqueues a run (de-duplicated); this process never projects itself.
    """
    from shopnest.projections.kick import kick_named

    budget = settings.SHOPNEST_CONSISTENCY_WAIT if timeout is None else timeout
    started = time.monotonic()
    deadline = started + budget
    next_kick = started + KICK_AFTER_SECONDS
    delay = 0.005
    while True:
        if has_reached(names, token):
            return True
        now = time.monotonic()
        if now >= deadline:
            return False
        if now >= next_kick:
            kick_named(names)
            next_kick = now + KICK_EVERY_SECONDS
        time.sleep(delay)
        delay = min(delay * 2, 0.05)


def wait_for_own_writes(principal: str, names: tuple[str, ...]) -> bool:
    """Wait until `names` reflect `principal`'s last write; record the outcome for headers."""
    token = last_write(principal)
    if token is None:
        return True
    ok = wait_for_token(names, token)
    if not ok or consistency_state.get() != "stale":
        consistency_state.set("consistent" if ok else "stale")
    return ok
