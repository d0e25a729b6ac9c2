"""The mediator: `send(command)` runs one handler through the pipeline; `ask(query)` too.

A command handler is a plain function `handler(command, ctx) -> Decision`. It reads what it
needs (streams, id lookups) outside any transaction and returns the appends; the innermost
pipeline step appends them as the first write of a fresh transaction and schedules the
on-commit work. Behaviours wrap that step (see behaviours.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

from shopnest.eventstore import keys, store
from shopnest.mediator.context import MessageContext
from shopnest.mediator.forgetting import forget_outcomes
from shopnest.mediator.registry import HandlerRegistry
from shopnest.mediator.results import CommandResult, Decision
from shopnest.messages import Command, Query


@dataclass
class UnitOfWork:
    """Hooks run inside the command's transaction (before/after the append) and after commit."""

    before_append: list[Callable[[], None]] = field(default_factory=list)
    after_append: list[Callable[[CommandResult], None]] = field(default_factory=list)
    after_commit: list[Callable[[CommandResult, tuple[str, ...]], None]] = field(
        default_factory=list
    )
    # Streams to lock before deciding (set after a lost race: see conflict_retry_behaviour).
    lock_streams: tuple[str, ...] = ()


NextStep = Callable[[], Any]
CommandBehaviour = Callable[[Command, MessageContext, UnitOfWork, NextStep], CommandResult]
QueryBehaviour = Callable[[Query, MessageContext, NextStep], Any]


class Mediator:
    """Route each message to its one handler through the configured behaviours."""

    def __init__(self) -> None:
        self.commands = HandlerRegistry("command")
        self.queries = HandlerRegistry("query")
        self.command_behaviours: list[CommandBehaviour] = []
        self.query_behaviours: list[QueryBehaviour] = []

    # -- registration -----------------------------------------------------------------
    def register_command(self, command_type: type[Command], handler: Callable[..., Decision]) -> None:
        self.commands.register(command_type, handler)

    def register_query(self, query_type: type[Query], handler: Callable[..., Any]) -> None:
        self.queries.register(query_type, handler)

    # -- dispatch ---------------------------------------------------------------------
    def send(self, command: Command, ctx: MessageContext | None = None) -> CommandResult:
        """Handle a command: decide, append in one transaction, kick projections on commit.

        Without a context the command is the system's, with the clock read now and the
        correlation id of the work in hand (or a fresh one)."""
        ctx = MessageContext() if ctx is None else ctx
        handler = self.commands.handler_for(type(command))
        uow = UnitOfWork()

        def core() -> CommandResult:
            if uow.lock_streams:
                return _decide_holding_locks(handler, command, ctx, uow)
            return _commit(handler(command, ctx), ctx, uow)

        step: NextStep = core
        for behaviour in reversed(self.command_behaviours):
            step = _wrap_command(behaviour, command, ctx, uow, step)
        return step()

    def ask(self, query: Query, ctx: MessageContext | None = None) -> Any:
        """Answer a query from read tables."""
        ctx = MessageContext() if ctx is None else ctx
        handler = self.queries.handler_for(type(query))

        def core() -> Any:
            return handler(query, ctx)

        step: NextStep = core
        for behaviour in reversed(self.query_behaviours):
            step = _wrap_query(behaviour, query, ctx, step)
        return step()


def _wrap_command(behaviour, command, ctx, uow, nxt) -> NextStep:
    return lambda: behaviour(command, ctx, uow, nxt)


def _wrap_query(behaviour, query, ctx, nxt) -> NextStep:
    return lambda: behaviour(query, ctx, nxt)


def _commit(decision: Decision, ctx: MessageContext, uow: UnitOfWork, *,
            hooks_done: bool = False) -> CommandResult:
    event_types = tuple(sorted({e.type for a in decision.appends for e in a.events}))
    # A command whose only write is its append sends that one statement in autocommit: no
    # BEGIN and COMMIT round trips, and es_append is trivially its transaction's first write.
    # The store opens a transaction itself when the append also stores new persons' keys.
    alone = (not connection.in_atomic_block and not decision.erase and not uow.after_append
             and (hooks_done or not uow.before_append))
    with contextlib.nullcontext() if alone else transaction.atomic():
        if not hooks_done:
            for hook in uow.before_append:
                hook()
        appended = store.append(decision.appends, ctx.metadata()) if event_types else []
        if decision.erase:  # after the append: it must be the first write
            keys.destroy(decision.erase)
            forget_outcomes([a.stream_id for a in decision.appends])
        outcome = CommandResult(
            result=decision.result,
            versions={r.stream_id: r.version for r in appended},
            token=max((r.last for r in appended), default=None),
        )
        for hook in uow.after_append:
            hook(outcome)
        for hook in uow.after_commit:
            transaction.on_commit(_bind(hook, outcome, event_types))
    return outcome


def _decide_holding_locks(handler, command, ctx: MessageContext, uow: UnitOfWork) -> CommandResult:
    """Lock the contended streams first, then read, decide and append in one transaction.

    Used after a command lost a race: holding the streams' append locks from before the read
    to the append means nobody can get in between this time. Locks are not writes, so the
    append is still the transaction's first write.

    The before-append hooks (an Idempotency-Key's lock) run before the streams are locked,
    as they do on a first attempt, where the streams are locked only inside the append: every
    attempt takes its locks in the same order, so twins of one key never deadlock.
    """
    with transaction.atomic():
        for hook in uow.before_append:
            hook()
        store.lock_streams(uow.lock_streams)
        return _commit(handler(command, ctx), ctx, uow, hooks_done=True)


def _bind(hook, outcome, event_types) -> Callable[[], None]:
    return lambda: hook(outcome, event_types)
