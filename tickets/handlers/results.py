"""Results returned by ticket command handlers (what the API answers with)."""

from __future__ import annotations

from typing import Any

from tickets.domain.events import DomainEvent
from tickets.domain.state import TicketState, fold, stats_dict, to_public_dict


def after(state: TicketState, events: list[DomainEvent]) -> TicketState:
    return fold(events, state)


def ticket_result(state: TicketState) -> dict[str, Any]:
    return {"ticket": to_public_dict(state), "stats": stats_dict(state), "version": state.version}
