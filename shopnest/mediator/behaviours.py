"""Pipeline behaviours wrapped around every command and query handler.

Order (outermost first): logging with correlation id → metrics (commands: count by outcome,
latency; shopnest/mediator/instruments.py) → timing → validation →
idempotency → after-commit work (projection kick, read-your-writes token) → conflict retry →
the transactional append.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import time

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

from shopnest.domain.errors import AlreadyExists, Conflict, PreconditionFailed
from shopnest.eventstore.errors import ConcurrencyError, RetryableAppendError
from shopnest.mediator import timings
from shopnest.mediator.context import MessageContext
from shopnest.mediator.instruments import metrics_behaviour
from shopnest.mediator.results import CommandResult
from shopnest.observability import correlation

log = logging.getLogger("shopnest.mediator")


class IdempotencyKeyReused(AlreadyExists):
    """The Idempotency-Key was already used for a different request."""

    field = "Idempotency-Key"


class ReplayStoredResult(Exception):
    """Raised inside the transaction when a concurrent twin already stored its result."""

    def __init__(self, stored: CommandResult):
        super().__init__("idempotent replay")
        self.stored = stored


def logging_behaviour(message, ctx: MessageContext, *rest):
    """Handle each message under its correlation id (log lines, events' metadata and the
    tasks it enqueues carry it) and log its outcome."""
    nxt = rest[-1]
    name = type(message).__name__
    with correlation.bound(ctx.correlation_id):
        try:
            outcome = nxt()
        except Exception as exc:
            log.info("%s failed: %s [correlation_id=%s via=%s actor=%s]", name,
                     type(exc).__name__, ctx.correlation_id, ctx.via, ctx.actor_id,
                     extra={"message_type": name, "outcome": type(exc).__name__})
            raise
        log.debug("%s handled [correlation_id=%s via=%s actor=%s]", name, ctx.correlation_id,
                  ctx.via, ctx.actor_id, extra={"message_type": name})
    return outcome


def timing_behaviour(message, ctx: MessageContext, *rest):
    """Record how long each message type takes (see shopnest.mediator.timings)."""
    nxt = rest[-1]
    started = time.perf_counter()
    try:
        return nxt()
    finally:
        timings.record(type(message).__name__, time.perf_counter() - started)


def validation_behaviour(message, ctx: MessageContext, *rest):
    """Run a message's own `validate()` before any handler sees it."""
    nxt = rest[-1]
    validate = getattr(message, "validate", None)
    if callable(validate):
        validate()
    return nxt()


def _fingerprint(command) -> str:
    body = json.dumps(
        {"type": type(command).__name__, "fields": command.__dict__},
        cls=DjangoJSONEncoder, sort_keys=True, default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def _load_record(principal: str, key: str) -> tuple[str, CommandResult] | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT fingerprint, outcome FROM shopnest_idempotency WHERE principal = %s AND key = %s",
            [principal, key],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    outcome = row[1] if isinstance(row[1], dict) else json.loads(row[1])
    return row[0], CommandResult.from_json(outcome)


def _checked(stored: tuple[str, CommandResult], fingerprint: str) -> CommandResult:
    if stored[0] != fingerprint:
        raise IdempotencyKeyReused("This Idempotency-Key was already used for another request")
    return stored[1]


def idempotency_behaviour(command, ctx: MessageContext, uow, nxt):
    """Replay the stored result of a command already handled under the same Idempotency-Key."""
    if not ctx.idempotency_key:
        return nxt()
    principal, key = ctx.principal or "system", ctx.idempotency_key
    fingerprint = _fingerprint(command)
    stored = _load_record(principal, key)
    if stored is not None:
        return _checked(stored, fingerprint)

    def lock_and_recheck() -> None:
        # Twins of one key queue here; the loser replays the winner's stored result.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                           [f"idem:{principal}:{key}"])
        again = _load_record(principal, key)
        if again is not None:
            raise ReplayStoredResult(_checked(again, fingerprint))

    def save(outcome: CommandResult) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO shopnest_idempotency (principal, key, fingerprint, outcome, created_at) "
                "VALUES (%s, %s, %s, %s::jsonb, now())",
                [principal, key, fingerprint, json.dumps(outcome.to_json(), cls=DjangoJSONEncoder)],
            )

    uow.before_append.append(lock_and_recheck)
    uow.after_append.append(save)
    try:
        return nxt()
    except ReplayStoredResult as replay:
        return replay.stored


def after_commit_behaviour(command, ctx: MessageContext, uow, nxt):
    """Kick the projections and remember the writer's token once the transaction commits,
    in one Redis round trip."""
    from shopnest.projections import kick, write_tokens

    def on_commit(outcome: CommandResult, event_types: tuple[str, ...]) -> None:
        if outcome.token is None:
            return
        principal = ctx.principal
        also = None if principal is None else (
            lambda pipe: write_tokens.raise_token_in(pipe, principal, outcome.token))
        kick.kick_projections(event_types, outcome.versions, also=also)

    uow.after_commit.append(on_commit)
    return nxt()


def conflict_retry_behaviour(command, ctx: MessageContext, uow, nxt):
    """Re-decide a command when another writer got to its stream first.

    After the first lost race, the retry locks the contended stream before reading it, so it
    cannot lose again to a writer of that stream: two agents replying at once both succeed.
    A command carrying the client's `expected_version` (If-Match) is never retried: its
    conflict is one of intent, reported as 412.
    """
    expected = getattr(command, "expected_version", None)
    retryable = getattr(command, "retry_on_conflict", True) and expected is None
    attempts = 1 + max(0, settings.SHOPNEST_COMMAND_RETRIES)
    for attempt in range(1, attempts + 1):
        try:
            return nxt()
        except RetryableAppendError:
            if attempt == attempts:
                raise Conflict("The ticket is busy; please retry") from None
        except ConcurrencyError as exc:
            if expected is not None:
                raise PreconditionFailed(
                    "The resource was changed by someone else (version is not the one in If-Match)"
                ) from exc
            if not retryable or attempt == attempts:
                raise Conflict(
                    "Someone else changed this resource at the same moment; reload and retry"
                ) from exc
            uow.lock_streams = tuple(sorted({*uow.lock_streams, exc.stream_id}))
        # Jitter, so that writers who collided do not collide again in lockstep.
        time.sleep(random.uniform(0, min(0.002 * 2**attempt, 0.05)))
    raise AssertionError("unreachable")


COMMAND_BEHAVIOURS = [
    logging_behaviour,
    metrics_behaviour,
    timing_behaviour,
    validation_behaviour,
    idempotency_behaviour,
    after_commit_behaviour,
    conflict_retry_behaviour,
]


def consistency_behaviour(query, ctx: MessageContext, nxt):
    """Wait (bounded) until the projections a query reads have passed the caller's last write."""
    from shopnest.projections import consistency

    if query.reads and ctx.principal:
        consistency.wait_for_own_writes(ctx.principal, query.reads)
    return nxt()


QUERY_BEHAVIOURS = [logging_behaviour, timing_behaviour, consistency_behaviour]
