"""Handlers of the commands that create and change tickets."""

from __future__ import annotations

from dataclasses import replace

from shopnest.errors import PreconditionFailed
from shopnest.eventstore.ids import allocate_id
from shopnest.mediator import Decision, MessageContext
from tickets import repository
from tickets.commands import OpenTicket, RequesterRef
from tickets.domain.commands import CreateTicket, UpdateTicket
from tickets.domain.decide import decide
from tickets.domain.state import EMPTY_TICKET
from tickets.handlers import requesters
from tickets.handlers.results import after, decided, ticket_result
from tickets.streams import TICKET_ID_SEQUENCE

CREATE_FIELDS = (
    "subject", "description", "status", "priority", "source", "type", "tags", "responder_id",
    "group_id", "company_id", "product_id", "email_config_id", "cc_emails", "custom_fields",
    "due_by", "fr_due_by",
)


def open_ticket(command: OpenTicket, ctx: MessageContext) -> Decision:
    """Create a ticket, and its requester contact when the e-mail address is new."""
    unknown = set(command.fields) - set(CREATE_FIELDS)
    if unknown:
        raise ValueError(f"OpenTicket got fields it does not know: {sorted(unknown)}")
    requester = requesters.resolve(command.requester, actor_id=ctx.actor_id, now=ctx.now_iso)
    ticket_id = allocate_id(TICKET_ID_SEQUENCE)
    create = CreateTicket(
        ticket_id=ticket_id, requester_id=requester.contact_id,
        requester_email=requester.email, actor_id=ctx.actor_id, **dict(command.fields),
    )
    events = decide(EMPTY_TICKET, create, ctx.now_iso)
    state = after(EMPTY_TICKET, events)
    return Decision(
        appends=(*requester.appends, repository.ticket_append(EMPTY_TICKET, ticket_id, events)),
        result=ticket_result(state),
    )


def update_ticket(command: UpdateTicket, ctx: MessageContext) -> Decision:
    """Change a ticket's properties (If-Match checked against the stream's version)."""
    state = repository.load_ticket(command.ticket_id)
    if command.expected_version is not None and state.exists and state.version != command.expected_version:
        raise PreconditionFailed("The ticket was changed since you read it (ETag mismatch)")
    changes = dict(command.changes)
    if "requester_id" in changes:
        contact = requesters.resolve(
            RequesterRef(requester_id=changes["requester_id"]),
            actor_id=ctx.actor_id, now=ctx.now_iso)
        changes["requester_email"] = contact.email
    command = replace(command, changes=changes, actor_id=ctx.actor_id)
    return decided(state, command, ctx)


def change_ticket(command, ctx: MessageContext) -> Decision:
    """Handle delete, restore, spam, unspam, note edits and conversation deletes: decide
    against the ticket's current stream."""
    state = repository.load_ticket(command.ticket_id)
    return decided(state, replace(command, actor_id=ctx.actor_id), ctx)
