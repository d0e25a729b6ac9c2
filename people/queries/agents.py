"""Agent queries, answered from the accounts read tables (auth_user + people_agent) with
agent states; people/api/agents.py renders them. Deactivated agents are not found here.

An agent's `group_ids` are shown without groups that were deleted: the deletion reaches the
members' streams in the same append, but a row may be read between the two projections."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from django.contrib.auth import get_user_model
from django.db.models import Q

from people.domain.agents import AgentState
from people.models import AgentProfile, GroupView
from people.projections.agents import agent_stream
from shopnest.mediator import MessageContext
from shopnest.messages import Query

AUTOCOMPLETE_LIMIT = 25


@dataclass(frozen=True)
class ListAgents(Query):
    reads: ClassVar[tuple[str, ...]] = ("accounts", "groups")

    page: int = 1
    per_page: int = 30
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    state: str | None = None  # fulltime | occasional


@dataclass(frozen=True)
class GetAgent(Query):
    reads: ClassVar[tuple[str, ...]] = ("accounts", "groups")

    agent_id: int


@dataclass(frozen=True)
class AutocompleteAgents(Query):
    """Active agents whose name or e-mail address contains `term` (any letter case)."""

    reads: ClassVar[tuple[str, ...]] = ("accounts",)

    term: str


def _states(profiles: list[dict]) -> list[AgentState]:
    users = {u["id"]: u for u in get_user_model().objects
             .filter(id__in=[p["user_id"] for p in profiles]).values()}
    states = [agent_stream(users[p["user_id"]], p).state for p in profiles]
    named = {g for state in states for g in state.group_ids}
    live = set(GroupView.objects.filter(id__in=named, deleted=False).values_list("id", flat=True))
    return [replace(s, group_ids=tuple(g for g in s.group_ids if g in live)) for s in states]


def _active():
    return AgentProfile.objects.filter(active=True)


def list_agents(query: ListAgents, ctx: MessageContext) -> tuple[list[AgentState], bool]:
    """Agents sorted by name (then id), one page, and whether another follows."""
    rows = _active().order_by("user__first_name", "user__last_name", "user_id")
    if query.email:
        rows = rows.filter(user__email=query.email.strip().lower())
    if query.phone:
        rows = rows.filter(phone=query.phone)
    if query.mobile:
        rows = rows.filter(mobile=query.mobile)
    if query.state:
        rows = rows.filter(occasional=query.state == "occasional")
    offset = (query.page - 1) * query.per_page
    page = list(rows.values()[offset : offset + query.per_page + 1])
    return _states(page[: query.per_page]), len(page) > query.per_page


def get_agent(query: GetAgent, ctx: MessageContext) -> AgentState | None:
    found = _states(list(_active().filter(user_id=query.agent_id).values()))
    return found[0] if found else None


def autocomplete_agents(query: AutocompleteAgents, ctx: MessageContext) -> list[AgentState]:
    term = query.term.strip()
    matches = (Q(user__first_name__icontains=term) | Q(user__last_name__icontains=term)
               | Q(user__email__icontains=term))
    rows = (_active().filter(matches).order_by("user__first_name", "user__last_name", "user_id")
            .values()[:AUTOCOMPLETE_LIMIT])
    return _states(list(rows))
