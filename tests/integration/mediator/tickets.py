"""Factories that drive real ticket commands through the global mediator."""

from __future__ import annotations

import itertools
from typing import Any

from shopnest.mediator import CommandResult, MessageContext, mediator
from tickets.domain.commands import AddNote, AddReply, CreateTicket, UpdateTicket

_emails = itertools.count(1)


def agent(actor_id: int = 1, **kwargs: Any) -> MessageContext:
    return MessageContext(actor_id=actor_id, actor_type="agent", via="api", **kwargs)


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
