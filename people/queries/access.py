"""What an agent may see: the access facts other contexts enforce (ticket scopes, ...).

`agent_access(agent_id)` answers from the accounts read tables in one query. It reads what
the accounts projection wrote; a caller that must see its own latest write waits for that
projection first (people/queries/agents.py declares `reads = ("accounts",)`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from people.domain import roles
from people.domain.agents import AGENT
from people.models import ContactView
from shopnest.eventstore import streams

# A group that was deleted no longer grants access, even while an agent's row still lists
# it (the deletion reaches the members' streams a moment later).
_ACCESS_SQL = """
SELECT a.user_id, a.ticket_scope, a.role_ids, a.is_admin, a.active AND u.is_active,
       ARRAY(SELECT g.id FROM people_group g
             WHERE g.id = ANY(a.group_ids) AND NOT g.deleted ORDER BY g.id)
FROM people_agent a JOIN auth_user u ON u.id = a.user_id
WHERE a.user_id = %s
"""


@dataclass(frozen=True)
class AgentAccess:
    """An agent's access: `ticket_scope` 1 global, 2 group (tickets of `group_ids` and its
    own), 3 restricted (its own tickets only)."""

    agent_id: int
    ticket_scope: int
    group_ids: frozenset[int]
    is_admin: bool
    active: bool

    @property
    def global_access(self) -> bool:
        return self.ticket_scope == 1


# What an unknown id may do: nothing.
def no_access(agent_id: int) -> AgentAccess:
    return AgentAccess(agent_id=agent_id, ticket_scope=3, group_ids=frozenset(), is_admin=False,
                       active=False)


def agent_access(agent_id: int) -> AgentAccess:
    """Return the agent's access (an unknown id: inactive, restricted, no groups)."""
    with connection.cursor() as cursor:
        cursor.execute(_ACCESS_SQL, [agent_id])
        row = cursor.fetchone()
    if row is None:
        return no_access(agent_id)
    user_id, scope, role_ids, is_admin, active, group_ids = row
    return AgentAccess(agent_id=user_id, ticket_scope=scope, group_ids=frozenset(group_ids),
                       is_admin=roles.is_admin(role_ids) if role_ids else is_admin,
                       active=bool(active))


def agent_access_now(agent_id: int) -> AgentAccess:
    """The agent's access as their stream has it now: commands judge by this, so an agent
    whose scope just changed (or who was just registered) is never judged by an older row."""
    state = streams.load(AGENT, agent_id).state
    if not state.exists:
        return no_access(agent_id)
    return AgentAccess(agent_id=agent_id, ticket_scope=state.ticket_scope,
                       group_ids=frozenset(state.group_ids), is_admin=state.is_admin,
                       active=state.active)


def customer_companies(contact_id: int) -> frozenset[int]:
    """The companies whose tickets a customer may see besides their own: those their contact
    may view all tickets of (the main company with `view_all_tickets`, and each other
    company marked so)."""
    row = (ContactView.objects.filter(id=contact_id, deleted=False)
           .values("company_id", "view_all_tickets", "other_companies").first())
    if row is None:
        return frozenset()
    ids = {row["company_id"]} if row["company_id"] is not None and row["view_all_tickets"] else set()
    ids |= {c["company_id"] for c in row["other_companies"] or () if c.get("view_all_tickets")}
    return frozenset(ids)
