"""Agent queries, answered from the accounts read tables (auth_user + shopnest_agent)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from shopnest.api.params import format_datetime
from shopnest.mediator import MessageContext
from shopnest.messages import Query
from shopnest.models import AgentProfile


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


def agent_json(profile: AgentProfile) -> dict[str, Any]:
    """Freshdesk's agent object (FRESHDESK_API.md §4.3). Groups, roles, skills and
    availability arrive with the people app; until then every agent is a full-time support
    agent with global ticket scope, which is what this desk grants."""
    user = profile.user
    created, updated = format_datetime(profile.created_at), format_datetime(profile.updated_at)
    return {
        "id": user.id, "available": False, "available_since": None, "occasional": False,
        "signature": None, "ticket_scope": 1, "type": "support_agent", "group_ids": [],
        "role_ids": [], "skill_ids": [], "focus_mode": False,
        "created_at": created, "updated_at": updated,
        "contact": {
            "active": user.is_active, "email": user.email, "job_title": None,
            "language": "en", "last_login_at": format_datetime(user.last_login),
            "mobile": None, "name": user.get_full_name() or user.email, "phone": None,
            "time_zone": "UTC", "created_at": created, "updated_at": updated,
        },
    }


def list_agents(query: ListAgents, ctx: MessageContext) -> tuple[list[dict[str, Any]], bool]:
    """Agents sorted by name (then id), one page, and whether another follows."""
    rows = AgentProfile.objects.select_related("user").order_by("user__first_name",
                                                                "user__last_name", "user_id")
    if query.email:
        rows = rows.filter(user__email=query.email.strip().lower())
    offset = (query.page - 1) * query.per_page
    page = list(rows[offset : offset + query.per_page + 1])
    return [agent_json(p) for p in page[: query.per_page]], len(page) > query.per_page


def get_agent(query: GetAgent, ctx: MessageContext) -> dict[str, Any] | None:
    profile = AgentProfile.objects.select_related("user").filter(user_id=query.agent_id).first()
    return agent_json(profile) if profile else None
