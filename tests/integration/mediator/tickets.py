"""Factories that drive real ticket commands through the global mediator."""

from __future__ import annotations

import itertools
import uuid
from typing import Any

from people.domain.agents import RegisterAgent
from people.registration import send_now
from shopnest.eventstore import store
from shopnest.mediator import CommandResult, MessageContext, mediator
from tickets.domain.commands import AddNote, AddReply, CreateTicket, UpdateTicket

_emails = itertools.count(1)


_agents: dict[int, int] = {}


def agent(slot: int = 1, **kwargs: Any) -> MessageContext:
    """The context of an agent of the desk (the same one for the same `slot` within a test):
    registered on first use, because only a real agent may see tickets."""
    agent_id = _agents.get(slot)
    if agent_id is None or store.stream_version(f"agent-{agent_id}") == 0:
        email = f"agent-{slot}-{uuid.uuid4().hex[:8]}@shopnest.example"
        agent_id = send_now(RegisterAgent(email=email, name=f"Agent {slot}",
                                          api_key=f"key-{uuid.uuid4().hex}")).result["agent_id"]
        _agents[slot] = agent_id
    return MessageContext(actor_id=agent_id, actor_type="agent", via="api", **kwargs)


def unique_email() -> str:
    return f"customer{next(_emails)}@example.com"


def open_ticket_command(email: str | None = None, **fields: Any) -> CreateTicket:
    fields.setdefault("subject", "Where is my order?")
    fields.setdefault("description", "<p>It has not arrived.</p>")
    return CreateTicket(fields={"email": email or unique_email(), **fields})


def open_ticket(ctx: MessageContext | None = None, email: str | None = None, **fields: Any) -> int:
    """Open a ticket and return its id."""
    outcome = mediator.send(open_ticket_command(email, **fields), ctx or agent())
    return outcome.result["ticket"]["id"]


def reply(ticket_id: int, body: str = "On its way.", ctx: MessageContext | None = None,
          **kwargs: Any) -> CommandResult:
    return mediator.send(AddReply(ticket_id=ticket_id, body=body, **kwargs), ctx or agent())


def note(ticket_id: int, body: str = "Checked the carrier.", ctx: MessageContext | None = None,
         **kwargs: Any) -> CommandResult:
    return mediator.send(AddNote(ticket_id=ticket_id, body=body, **kwargs), ctx or agent())


def update(ticket_id: int, ctx: MessageContext | None = None,
           expected_version: int | None = None, **changes: Any) -> CommandResult:
    command = UpdateTicket(ticket_id=ticket_id, changes=changes, expected_version=expected_version)
    return mediator.send(command, ctx or agent())


def send(command: Any, ctx: MessageContext | None = None) -> CommandResult:
    return mediator.send(command, ctx or agent())
