"""Given-events for ticket tests: a ticket's history in a line or two."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tickets.domain.decide import decide
from tickets.domain.events import (
    DomainEvent,
    NoteAdded,
    ReplyAdded,
    TicketCreated,
    TicketStatusChanged,
)
from tickets.domain.state import TicketState, fold

TICKET_ID = 1
REQUESTER_ID = 100
REQUESTER_EMAIL = "customer@example.com"
AGENT_ID = 7
_START = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


def at(minutes: int) -> str:
    """Return the timestamp `minutes` after the ticket's creation."""
    return (_START + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")


def created(**fields: Any) -> TicketCreated:
    """Return the TicketCreated of a typical open ticket, with `fields` overridden."""
    defaults: dict[str, Any] = {
        "ticket_id": TICKET_ID,
        "requester_id": REQUESTER_ID,
        "requester_email": REQUESTER_EMAIL,
        "subject": "Where is my order?",
        "description": "<p>Order <b>#1001</b> has not arrived.</p>",
        "at": at(0),
        "actor_id": REQUESTER_ID,
    }
    return TicketCreated(**{**defaults, **fields})


def a_ticket(*later_events: DomainEvent, **created_fields: Any) -> TicketState:
    """Return the state of a ticket created with `created_fields`, then `later_events`."""
    return fold([created(**created_fields), *later_events])


def status_changed(status: int, previous: int, minutes: int) -> TicketStatusChanged:
    return TicketStatusChanged(
        status=status, previous_status=previous, at=at(minutes), actor_id=AGENT_ID
    )


def reply(conversation_id: int, minutes: int, *, incoming: bool = False) -> ReplyAdded:
    """Return a reply by the agent, or by the requester when `incoming`."""
    return ReplyAdded(
        conversation_id=conversation_id,
        body="<p>Thanks for waiting.</p>",
        body_text="Thanks for waiting.",
        user_id=REQUESTER_ID if incoming else AGENT_ID,
        incoming=incoming,
        to_emails=[] if incoming else [REQUESTER_EMAIL],
        at=at(minutes),
        actor_id=REQUESTER_ID if incoming else AGENT_ID,
    )


def note(conversation_id: int, minutes: int, *, private: bool = True) -> NoteAdded:
    return NoteAdded(
        conversation_id=conversation_id,
        body="<p>Courier says Tuesday.</p>",
        body_text="Courier says Tuesday.",
        user_id=AGENT_ID,
        private=private,
        at=at(minutes),
        actor_id=AGENT_ID,
    )


def when(state: TicketState, command: Any, minutes: int = 60) -> list[DomainEvent]:
    """Return what `command` decides on `state`, `minutes` after creation."""
    return decide(state, command, at(minutes))


def then_state(state: TicketState, events: list[DomainEvent]) -> TicketState:
    """Return `state` with `events` folded in."""
    return fold(events, state)


def field_errors(failed: Any) -> dict[str, str]:
    """Return {field: code} of a ValidationFailed, for terse assertions."""
    return {error.field: error.code for error in failed.errors}
