"""Handlers of watching a ticket: load the ticket and the agent meant, decide, append."""

from __future__ import annotations

from people.domain.agents import AGENT
from shopnest.eventstore import streams
from shopnest.mediator import Decision, MessageContext
from tickets.access import load_ticket
from tickets.domain.commands import UnwatchTicket, WatchTicket
from tickets.domain.decide import decide
from tickets.domain.validation import is_id
from tickets.handlers.results import ticket_result


def watching(command: WatchTicket | UnwatchTicket, ctx: MessageContext) -> Decision:
    ticket = load_ticket(command.ticket_id, ctx)
    user_id = ctx.actor_id if command.user_id is None else command.user_id
    refs = {}
    if is_id(user_id):  # anything else is refused by decide
        agent = streams.load(AGENT, user_id).state
        refs["watcher"] = agent if agent.exists else None
    events = decide(ticket.state, command, ctx.decision(refs=refs))
    return ticket.decided(events, ticket_result)
