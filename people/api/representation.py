"""Freshdesk's JSON of agents, groups and roles (FRESHDESK_API.md §4.3, §4.4, §4.6), rendered
from their states."""

from __future__ import annotations

from typing import Any

from people.domain.agents import AgentState
from people.domain.groups import GroupState
from people.domain.roles import Role


def agent_json(agent: AgentState) -> dict[str, Any]:
    """Freshdesk's agent object. Every agent is a support agent; skills and focus mode are
    features this desk does not have (empty and off)."""
    created, updated = agent.created_at, agent.updated_at
    return {
        "id": agent.id, "available": agent.available, "available_since": agent.available_since,
        "occasional": agent.occasional, "signature": agent.signature,
        "ticket_scope": agent.ticket_scope, "type": "support_agent",
        "group_ids": list(agent.group_ids), "role_ids": list(agent.role_ids), "skill_ids": [],
        "focus_mode": False, "created_at": created, "updated_at": updated,
        "contact": {
            "active": agent.active, "email": agent.email, "job_title": agent.job_title,
            "language": agent.language, "last_login_at": agent.last_login_at,
            "mobile": agent.mobile, "name": agent.name or agent.email, "phone": agent.phone,
            "time_zone": agent.time_zone, "created_at": created, "updated_at": updated,
        },
    }


def agent_summary_json(agent: AgentState) -> dict[str, Any]:
    """An autocomplete entry."""
    return {"id": agent.id, "name": agent.name or agent.email, "email": agent.email}


def group_json(group: GroupState, agent_ids: tuple[int, ...] | list[int] | None = None
               ) -> dict[str, Any]:
    """Freshdesk's group object; `agent_ids` only where Freshdesk shows them (one group)."""
    out = {
        "id": group.id, "name": group.name, "description": group.description,
        "business_hour_id": group.business_hour_id, "escalate_to": group.escalate_to,
        "unassigned_for": group.unassigned_for, "auto_ticket_assign": group.auto_ticket_assign,
        "created_at": group.created_at, "updated_at": group.updated_at,
    }
    if agent_ids is not None:
        out["agent_ids"] = list(agent_ids)
    return out


def role_json(role: Role) -> dict[str, Any]:
    return {"id": role.id, "name": role.name, "description": role.description,
            "default": role.default, "created_at": role.created_at,
            "updated_at": role.updated_at}
