"""Results returned by ticket command handlers (what the API answers with)."""

from __future__ import annotations

from typing import Any

from shopnest.mediator import Decision, MessageContext
from tickets import repository
from tickets.domain.decide import decide
from tickets.domain.events import DomainEvent
from tickets.domain.state import TicketState, fold, stats_dict, to_public_dict


def after(state: TicketState, events: list[DomainEvent]) -> TicketState:
    return fold(events, state)


def ticket_result(state: TicketState) -> dict[str, Any]:
    return {"ticket": to_public_dict(state), "stats": stats_dict(state), "version": state.version}


def decided(state: TicketState, command, ctx: MessageContext) -> Decision:
    """Decide `command` against `state`; append its events (if any) at the state's version."""
    events = decide(state, command, ctx.now_iso)
    appends = (repository.ticket_append(state, command.ticket_id, events),) if events else ()
    return Decision(appends=appends, result=ticket_result(after(state, events)))
