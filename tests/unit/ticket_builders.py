"""Given-events for ticket tests: a ticket's history in a line or two."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from people.domain.agents import AgentState
from people.domain.companies import CompanyState
from people.domain.groups import GroupState
from shopnest.domain.aggregate import DecisionContext
from shopnest.eventstore.streams import Stream
from tickets.domain.aggregate import TICKET
from tickets.domain.decide import decide
from tickets.domain.events import (
    NoteAdded,
    ReplyAdded,
    TicketCreated,
    TicketEvent,
    TicketStatusChanged,
)
from tickets.domain.state import Requester, TicketState

TICKET_ID = 1
REQUESTER_ID = 100
REQUESTER_EMAIL = "customer@example.com"
AGENT_ID = 7
# The id a handler allocates for the next reply or note, unless a test says otherwise.
NEW_CONVERSATION_ID = 10
THE_REQUESTER = Requester(REQUESTER_ID, REQUESTER_EMAIL)
# The same requester, belonging to the companies tests name (a ticket's company is theirs).
COMPANY_REQUESTER = Requester(REQUESTER_ID, REQUESTER_EMAIL, company_ids=(4, 5, 7))
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


def a_ticket(*later_events: TicketEvent, **created_fields: Any) -> TicketState:
    """Return the state of a ticket created with `created_fields`, then `later_events`."""
    return TICKET.fold([created(**created_fields), *later_events])


def a_ticket_stream(*later_events: TicketEvent, **created_fields: Any) -> Stream[TicketState]:
    """Return the ticket's stream (state and version) after the same history as `a_ticket`."""
    return Stream(TICKET, TICKET_ID, TICKET.initial).then(
        [created(**created_fields), *later_events])


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


def context(
    minutes: int = 60,
    *,
    actor: int | None = None,
    ids: Mapping[str, int] | None = None,
    requester: Requester | None = THE_REQUESTER,
    agents: Mapping[str, Any] | None = None,
) -> DecisionContext:
    """Return what a handler hands `decide`: the clock `minutes` after creation, the sender
    (`actor`), the ids it allocated (`ids` override the defaults), the requester it found
    (None: no contact matches the requester_id sent) and the agents it loaded for fields
    naming one (`agents`: field → AgentState or None)."""
    return DecisionContext(
        now=at(minutes),
        actor_id=actor,
        ids={"ticket": TICKET_ID, "conversation": NEW_CONVERSATION_ID, **(ids or {})},
        refs={"requester": requester, **(agents or {})},
    )


def agent(agent_id: int) -> AgentState:
    """An agent of the desk, as a handler loads them for a field that names them."""
    return AgentState(exists=True, id=agent_id, email=f"agent{agent_id}@shopnest.example",
                      name=f"Agent {agent_id}")


def when(
    state: TicketState,
    command: Any,
    minutes: int = 60,
    *,
    actor: int | None = None,
    ids: Mapping[str, int] | None = None,
    requester: Requester | None = THE_REQUESTER,
    agents: Mapping[str, Any] | None = None,
) -> list[TicketEvent]:
    """Return what `command`, sent by `actor`, decides on `state`, `minutes` after creation.

    Unless `agents` says otherwise, every agent and company a field names exists (the handler
    found them).
    """
    if agents is None:
        agents = _named_references(command)
    return decide(state, command, context(minutes, actor=actor, ids=ids, requester=requester,
                                          agents=agents))


def company(company_id: int) -> CompanyState:
    """A company of the desk, as a handler loads it for a ticket's `company_id`."""
    return CompanyState(exists=True, id=company_id, name=f"Company {company_id}")


def group(group_id: int) -> GroupState:
    """A group of the desk, as a handler loads it for a ticket's `group_id`."""
    return GroupState(exists=True, id=group_id, name=f"Group {group_id}")


# The fields that name another aggregate, and what the handler finds for an id sent there.
_REFERENCED = {"responder_id": agent, "company_id": company, "group_id": group}


def _named_references(command: Any) -> dict[str, Any]:
    fields = getattr(command, "fields", None) or getattr(command, "changes", None) or {}
    return {name: found(fields[name]) for name, found in _REFERENCED.items()
            if fields.get(name) is not None}


def then_state(state: TicketState, events: list[TicketEvent]) -> TicketState:
    """Return `state` with `events` folded in."""
    return TICKET.fold(events, state)


def field_errors(failed: Any) -> dict[str, str]:
    """Return {field: code} of a ValidationFailed, for terse assertions."""
    return {error.field: error.code for error in failed.errors}
