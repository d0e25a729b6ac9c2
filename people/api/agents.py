"""Agent endpoints: /api/v2/agents (admins only) and /api/v2/agents/me (any agent)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from people.api.schema import AgentSerializer
from people.domain.agents import AgentState
from people.queries.agents import GetAgent, ListAgents
from shopnest.api import params
from shopnest.api.pagination import page_request
from shopnest.api.permissions import IsAdminAgent, IsAgent
from shopnest.api.responses import ask, page_response


def agent_json(agent: AgentState) -> dict[str, Any]:
    """Freshdesk's agent object (FRESHDESK_API.md §4.3). Groups, roles, skills and
    availability arrive with the people app; until then every agent is a full-time support
    agent with global ticket scope, which is what this desk grants."""
    created, updated = agent.created_at, agent.updated_at
    return {
        "id": agent.id, "available": False, "available_since": None, "occasional": False,
        "signature": None, "ticket_scope": 1, "type": "support_agent", "group_ids": [],
        "role_ids": [], "skill_ids": [], "focus_mode": False,
        "created_at": created, "updated_at": updated,
        "contact": {
            "active": True, "email": agent.email, "job_title": None,
            "language": "en", "last_login_at": agent.last_login_at,
            "mobile": None, "name": agent.name or agent.email, "phone": None,
            "time_zone": "UTC", "created_at": created, "updated_at": updated,
        },
    }


class AgentListView(APIView):
    permission_classes = [IsAdminAgent]

    @extend_schema(parameters=[OpenApiParameter("email", str), OpenApiParameter("page", int),
                               OpenApiParameter("per_page", int)],
                   responses=AgentSerializer(many=True))
    def get(self, request):
        params.refuse_unknown_params(request.query_params, {"email", "page", "per_page"})
        page = page_request(request.query_params)
        agents, has_next = ask(request, ListAgents(page=page.page, per_page=page.per_page,
                                                   email=params.text_param(request.query_params,
                                                                           "email")))
        return page_response(request, [agent_json(a) for a in agents], page, has_next)


class AgentDetailView(APIView):
    permission_classes = [IsAdminAgent]

    @extend_schema(responses=AgentSerializer)
    def get(self, request, agent_id: int):
        agent = ask(request, GetAgent(agent_id=agent_id))
        return Response(agent_json(agent)) if agent else Response(status=404)


class AgentMeView(APIView):
    permission_classes = [IsAgent]

    @extend_schema(responses=AgentSerializer)
    def get(self, request):
        return Response(agent_json(ask(request, GetAgent(agent_id=request.user.id))))
