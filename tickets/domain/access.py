"""Which tickets a caller may see: an agent by ticket scope, a customer their own.

Freshdesk's ticket scopes: global access sees every ticket; group access sees the tickets of
the agent's groups plus those assigned to the agent; restricted access sees only the tickets
assigned to the agent. A customer sees the tickets they requested and, where their contact
may view all of a company's tickets, that company's tickets.

One rule, two forms: `sees` judges a ticket state (commands, direct views) and the query side
turns the same fields into a SQL filter (tickets/queries/access.py), so a list never shows a
ticket a direct view would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from .state import TicketState


class TicketScope(IntEnum):
    GLOBAL = 1
    GROUP = 2
    RESTRICTED = 3


@dataclass(frozen=True)
class TicketAccess:
    """What one caller may see. Empty sets and None see nothing; `everything` sees all."""

    everything: bool = False
    assigned_to: int | None = None
    group_ids: frozenset[int] = frozenset()
    requester_id: int | None = None
    company_ids: frozenset[int] = frozenset()
    # A customer (a contact with an API key of their own): sees no private notes and no
    # agent-only fields, and may only create tickets and reply.
    customer: bool = False

    @classmethod
    def for_agent(cls, agent_id: int, scope: int, group_ids: frozenset[int]) -> TicketAccess:
        if scope == TicketScope.GLOBAL:
            return cls(everything=True)
        groups = group_ids if scope == TicketScope.GROUP else frozenset()
        return cls(assigned_to=agent_id, group_ids=frozenset(groups))

    @classmethod
    def for_customer(cls, contact_id: int, company_ids: frozenset[int]) -> TicketAccess:
        return cls(requester_id=contact_id, company_ids=frozenset(company_ids), customer=True)

    def sees(self, ticket: TicketState) -> bool:
        if self.everything:
            return True
        return ((self.assigned_to is not None and ticket.responder_id == self.assigned_to)
                or (ticket.group_id is not None and ticket.group_id in self.group_ids)
                or (self.requester_id is not None and ticket.requester_id == self.requester_id)
                or (ticket.company_id is not None and ticket.company_id in self.company_ids))


EVERYTHING = TicketAccess(everything=True)
