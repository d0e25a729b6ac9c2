"""Count every command by type and outcome, and time it (shopnest.observability.metrics).

One behaviour, outside the conflict retry and the idempotent replay, so a command counts once
with the outcome its sender saw.
"""

from __future__ import annotations

import time

from shopnest.domain import errors
from shopnest.mediator.context import MessageContext
from shopnest.observability.metrics import COMMAND_SECONDS, COMMANDS

# The kernel's kinds of refusal (shopnest/domain/errors.py); a context's own error classes
# count as the kind they derive from, so the label keeps to this short list.
_REFUSALS = (
    (errors.ValidationFailed, "validation"),
    (errors.InvalidValue, "validation"),
    (errors.NotFound, "not_found"),
    (errors.AlreadyExists, "already_exists"),
    (errors.AccessDenied, "access_denied"),
    (errors.NotAllowed, "not_allowed"),
)
_CONFLICTS = ((errors.PreconditionFailed, "precondition_failed"), (errors.Conflict, "conflict"))


def outcome_of(exc: BaseException | None, *, replayed: bool = False) -> tuple[str, str]:
    """Return the (outcome, kind) labels of a command that raised `exc` (None: accepted)."""
    if exc is None:
        return "accepted", "replayed" if replayed else ""
    for cls, kind in _CONFLICTS:
        if isinstance(exc, cls):
            return "conflict", kind
    for cls, kind in _REFUSALS:
        if isinstance(exc, cls):
            return "refused", kind
    if isinstance(exc, errors.DomainError):
        return "refused", "other"
    return "error", ""


def metrics_behaviour(command, ctx: MessageContext, uow, nxt):
    """Count the command under its type and outcome, and observe how long it took."""
    name = type(command).__name__
    started = time.perf_counter()
    try:
        result = nxt()
    except Exception as exc:
        COMMANDS.labels(name, *outcome_of(exc)).inc()
        raise
    else:
        COMMANDS.labels(name, *outcome_of(None, replayed=result.replayed)).inc()
        return result
    finally:
        COMMAND_SECONDS.labels(name).observe(time.perf_counter() - started)
