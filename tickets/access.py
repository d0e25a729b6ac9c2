"""Who is asking, as ticket access: the caller's scope, looked up in the people read tables.

The mediator's context says who acts (`actor_type`, `actor_id`); this turns it into the
`TicketAccess` that queries filter by and command handlers check. The system (migrations,
projections, management commands without an acting agent) sees everything.
"""

from __future__ import annotations

from people.queries.access import agent_access, agent_access_now, customer_companies
from shopnest.domain.errors import AccessDenied
from shopnest.eventstore import streams
from shopnest.mediator import MessageContext
from tickets.domain.access import EVERYTHING, TicketAccess
from tickets.domain.aggregate import TICKET
from tickets.domain.state import TicketState


class TicketOutOfScope(AccessDenied):
    """The ticket exists, but is outside what the caller may see."""


def access_of(ctx: MessageContext, *, current: bool = False) -> TicketAccess:
    """The caller's access; `current` reads it from the event store (commands judge by the
    agent's scope as it is, not as the read tables last showed it)."""
    if ctx.actor_id is None or ctx.actor_type == "system":
        return EVERYTHING
    if ctx.actor_type == "contact":
        return TicketAccess.for_customer(ctx.actor_id, customer_companies(ctx.actor_id))
    agent = (agent_access_now if current else agent_access)(ctx.actor_id)
    if agent is None or not agent.active:
        # An account that is no agent (or no longer one) sees nothing.
        return TicketAccess()
    return TicketAccess.for_agent(agent.agent_id, agent.ticket_scope, agent.group_ids)


def check_sees(ticket: TicketState, ctx: MessageContext, *, current: bool = False) -> None:
    """Refuse a command or view of an existing ticket the caller may not see (a ticket that
    does not exist is left to decide, which answers not found)."""
    if ticket.exists and not access_of(ctx, current=current).sees(ticket):
        raise TicketOutOfScope()


def load_ticket(ticket_id: int, ctx: MessageContext, *, customers_may: bool = False,
                expected_version: int | None = None) -> streams.Stream[TicketState]:
    """Load a ticket for a command, refusing a caller who may not see it, and a customer
    where the command is for agents only (`customers_may` is False)."""
    if ctx.actor_type == "contact" and not customers_may:
        raise AccessDenied()
    ticket = streams.load(TICKET, ticket_id, expected_version=expected_version)
    check_sees(ticket.state, ctx, current=True)
    return ticket
