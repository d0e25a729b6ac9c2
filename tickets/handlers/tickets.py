"""Handlers of the commands that create and change tickets: load, decide, append."""

from __future__ import annotations

from people.domain.agents import AGENT
from people.domain.companies import COMPANY
from people.domain.groups import GROUP
from shopnest.eventstore import streams
from shopnest.eventstore.ids import allocate_id
from shopnest.mediator import Decision, MessageContext
from tickets.access import load_ticket
from tickets.domain.aggregate import TICKET
from tickets.domain.commands import REQUESTER_FIELDS, CreateTicket, UpdateTicket
from tickets.domain.decide import decide
from tickets.domain.validation import is_id
from tickets.handlers import requesters
from tickets.handlers.results import ticket_result
from tickets.sequences import TICKET_IDS


def create_ticket(command: CreateTicket, ctx: MessageContext) -> Decision:
    """Create a ticket, and its requester contact when the e-mail address is new."""
    found = requesters.for_new_ticket(command.fields, ctx)
    ticket = streams.new(TICKET, allocate_id(TICKET_IDS))
    refs = {"requester": found.requester, **references(command.fields)}
    events = decide(ticket.state, command, ctx.decision(ids={"ticket": ticket.key}, refs=refs))
    return ticket.decided(events, ticket_result, also=found.appends)


def update_ticket(command: UpdateTicket, ctx: MessageContext) -> Decision:
    """Change a ticket's properties (If-Match checked against the stream's version)."""
    ticket = load_ticket(command.ticket_id, ctx, expected_version=command.expected_version)
    changes = command.changes
    refs, also = references(changes), ()
    if "requester_id" in changes:
        if is_id(changes["requester_id"]):  # anything else is refused by decide
            refs["requester"] = requesters.by_id(changes["requester_id"])
    elif any(name in changes for name in REQUESTER_FIELDS):
        found = requesters.for_new_ticket(
            {name: changes[name] for name in REQUESTER_FIELDS if name in changes}, ctx)
        refs["requester"], also = found.requester, found.appends
    elif "company_id" in changes and ticket.state.exists:
        # A new company must be one of the requester's.
        refs["current_requester"] = requesters.by_id(ticket.state.requester_id)
    events = decide(ticket.state, command, ctx.decision(refs=refs))
    return ticket.decided(events, ticket_result, also=also if events else ())


def change_ticket(command, ctx: MessageContext) -> Decision:
    """Delete, restore, mark or unmark as spam: decide against the ticket's stream."""
    ticket = load_ticket(command.ticket_id, ctx)
    return ticket.decided(decide(ticket.state, command, ctx.decision()), ticket_result)


def references(fields) -> dict:
    """Load what a ticket's fields name (its responder, company and group), for decide to
    judge: an agent that was deactivated, or a group or company that was deleted, counts as
    none."""
    refs = {}
    responder_id = fields.get("responder_id")
    if is_id(responder_id):
        agent = streams.load(AGENT, responder_id).state
        refs["responder_id"] = agent if agent.exists and agent.active else None
    company_id = fields.get("company_id")
    if is_id(company_id):
        company = streams.load(COMPANY, company_id).state
        refs["company_id"] = company if company.live else None
    group_id = fields.get("group_id")
    if is_id(group_id):
        group = streams.load(GROUP, group_id).state
        refs["group_id"] = group if group.live else None
    return refs
