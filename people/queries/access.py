"""What an agent may do, from the read tables (stand-in until agent scopes land)."""

from __future__ import annotations

from dataclasses import dataclass

from people.models import AgentProfile


@dataclass(frozen=True)
class AgentAccess:
    agent_id: int
    ticket_scope: int
    group_ids: frozenset[int]
    is_admin: bool
    active: bool


def agent_access(agent_id: int) -> AgentAccess | None:
    row = (AgentProfile.objects.filter(user_id=agent_id)
           .values("is_admin", "user__is_active").first())
    if row is None:
        return None
    return AgentAccess(agent_id, 1, frozenset(), row["is_admin"], row["user__is_active"])


def customer_companies(contact_id: int) -> frozenset[int]:
    return frozenset()


def agent_access_now(agent_id: int) -> AgentAccess | None:
    """The agent's access as the event store has it (for commands: never behind)."""
    from people.domain.agents import AGENT
    from shopnest.eventstore import streams
    state = streams.load(AGENT, agent_id).state
    if not state.exists:
        return None
    return AgentAccess(agent_id, 1, frozenset(), state.is_admin, True)
