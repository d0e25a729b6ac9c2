"""What an agent may see: the access facts other contexts enforce (ticket scopes, ...).

`agent_access(agent_id)` answers from the accounts read tables in one query. It reads what
the accounts projection wrote; a caller that must see its own latest write waits for that
projection first (people/queries/agents.py declares `reads = ("accounts",)`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from people.domain import roles

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
