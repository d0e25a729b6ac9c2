"""Decide who watches a ticket."""

from __future__ import annotations

from typing import Any

from shopnest.domain.aggregate import DecisionContext

from . import events as ev
from . import validation as valid
from .commands import UnwatchTicket, WatchTicket
from .decide import _decide, _writable
from .errors import InvalidValue, ValidationFailed
from .state import TicketState


def _watcher(command: Any, ctx: DecisionContext, *, watching: tuple[int, ...] = ()) -> int:
    """The agent meant (the sender by default), who must be an agent of this desk: the
    handler loads them into `ctx.refs["watcher"]` (None: no such agent). Anyone `watching`
    already may be taken off, agent or not any more."""
    user_id = valid.single("user_id", valid.optional_id, "user_id", command.user_id)
    user_id = ctx.actor_id if user_id is None else user_id
    if user_id in watching:
        return user_id
    watcher = ctx.refs.get("watcher")
    if user_id is None or watcher is None or watcher.id != user_id:
        raise ValidationFailed([InvalidValue("user_id", "There is no agent with this user_id")])
    return user_id


@_decide.register
def _watch(command: WatchTicket, state: TicketState, ctx: DecisionContext) -> list[ev.TicketEvent]:
    _writable(state, command, unless=("deleted", "spam"))
    user_id = _watcher(command, ctx)
    if user_id in state.watcher_ids:
        return []
    return [ev.WatcherAdded(user_id=user_id, at=ctx.now, actor_id=ctx.actor_id)]


@_decide.register
def _unwatch(command: UnwatchTicket, state: TicketState, ctx: DecisionContext
             ) -> list[ev.TicketEvent]:
    _writable(state, command, unless=("deleted", "spam"))
    user_id = _watcher(command, ctx, watching=state.watcher_ids)
    if user_id not in state.watcher_ids:
        return []
    return [ev.WatcherRemoved(user_id=user_id, at=ctx.now, actor_id=ctx.actor_id)]
