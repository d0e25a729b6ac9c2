"""What ticket commands answer with: the state they produced, as plain JSON data.

Results are JSON because an idempotent replay returns the stored one; the API decodes them
back into states (shopnest.domain.data) and renders those in the Freshdesk shape.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from shopnest.domain.data import to_data
from shopnest.eventstore.streams import Stream
from tickets.domain.state import TicketState


def ticket_result(ticket: Stream[TicketState]) -> dict[str, Any]:
    """The ticket (without its conversations) and its version (the ETag)."""
    return {"ticket": to_data(replace(ticket.state, conversations={})), "version": ticket.version}


def conversation_result(ticket: Stream[TicketState], conversation_id: int) -> dict[str, Any]:
    """One conversation of the ticket, as the command left it."""
    return {"ticket_id": ticket.key, "version": ticket.version,
            "conversation": to_data(ticket.state.conversations[conversation_id])}
