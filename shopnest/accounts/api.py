"""Agent endpoints: /api/v2/agents (admins only) and /api/v2/agents/me (any agent)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from shopnest.accounts.queries import GetAgent, ListAgents
from shopnest.api import params
from shopnest.api.pagination import page_request
from shopnest.api.permissions import IsAdminAgent, IsAgent
from shopnest.api.responses import ask, page_response


class AgentListView(APIView):
    permission_classes = [IsAdminAgent]

    @extend_schema(parameters=[OpenApiParameter("email", str), OpenApiParameter("page", int),
                               OpenApiParameter("per_page", int)])
    def get(self, request):
        params.refuse_unknown_params(request.query_params, {"email", "page", "per_page"})
        page = page_request(request.query_params)
        items, has_next = ask(request, ListAgents(page=page.page, per_page=page.per_page,
                                                  email=params.text_param(request.query_params,
                                                                          "email")))
        return page_response(request, items, page, has_next)


class AgentDetailView(APIView):
    permission_classes = [IsAdminAgent]

    def get(self, request, agent_id: int):
        agent = ask(request, GetAgent(agent_id=agent_id))
        return Response(agent) if agent else Response(status=404)


class AgentMeView(APIView):
    permission_classes = [IsAgent]

    def get(self, request):
        return Response(ask(request, GetAgent(agent_id=request.user.id)))
