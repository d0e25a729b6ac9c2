"""Agent queries, answered from the accounts read tables (auth_user + shopnest_agent) with
agent states; people/api/agents.py renders them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from django.contrib.auth import get_user_model

from people.domain.agents import AgentState
from people.models import AgentProfile
from people.projections.agents import agent_stream
from shopnest.mediator import MessageContext
from shopnest.messages import Query


@dataclass(frozen=True)
class ListAgents(Query):
    reads: ClassVar[tuple[str, ...]] = ("accounts",)

    page: int = 1
    per_page: int = 30
    email: str | None = None


@dataclass(frozen=True)
class GetAgent(Query):
    reads: ClassVar[tuple[str, ...]] = ("accounts",)

    agent_id: int


def _states(profiles: list[dict]) -> list[AgentState]:
    users = {u["id"]: u for u in get_user_model().objects
             .filter(id__in=[p["user_id"] for p in profiles]).values()}
    return [agent_stream(users[p["user_id"]], p).state for p in profiles]


def list_agents(query: ListAgents, ctx: MessageContext) -> tuple[list[AgentState], bool]:
    """Agents sorted by name (then id), one page, and whether another follows."""
    rows = AgentProfile.objects.order_by("user__first_name", "user__last_name", "user_id")
    if query.email:
        rows = rows.filter(user__email=query.email.strip().lower())
    offset = (query.page - 1) * query.per_page
    page = list(rows.values()[offset : offset + query.per_page + 1])
    return _states(page[: query.per_page]), len(page) > query.per_page


def get_agent(query: GetAgent, ctx: MessageContext) -> AgentState | None:
    found = _states(list(AgentProfile.objects.filter(user_id=query.agent_id).values()))
    return found[0] if found else None
