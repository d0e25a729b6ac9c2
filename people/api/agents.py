"""Agent endpoints: /api/v2/agents (admins only) and /api/v2/agents/me (any agent)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from people.api import schema
from people.api.representation import agent_json, agent_summary_json
from people.domain.agent_changes import UPDATABLE_FIELDS, DeactivateAgent, UpdateAgent
from people.domain.agent_fields import PROFILE_FIELDS
from people.domain.agents import RegisterAgent
from people.handlers.results import agent_of
from people.queries.agents import AutocompleteAgents, GetAgent, ListAgents
from people.registration import send_and_wait
from shopnest.api import params
from shopnest.api.context import context_from_request
from shopnest.api.errors import FieldError, field_error
from shopnest.api.pagination import page_request
from shopnest.api.payloads import body_object, coerce_form_integers, refuse_unknown
from shopnest.api.permissions import IsAdminAgent, IsAgent
from shopnest.api.responses import absolute_url, ask, no_content, page_response, send
from shopnest.projections.consistency import consistency_state

__all__ = ["agent_json"]  # other contexts render agents with it (contacts' make_agent)

CREATE_FIELDS = {"email", "name", *PROFILE_FIELDS}
LIST_PARAMS = {"email", "phone", "mobile", "state", "page", "per_page"}


def agent_payload(request, allowed: set[str]) -> dict:
    payload = coerce_form_integers(body_object(request), ("ticket_scope",))
    refuse_unknown(payload, allowed)
    return payload


def send_in_force(request, command):
    """Send a command that changes what an agent may do, and answer only once the accounts
    projection (which authentication and permissions read) has written it, waiting at most
    SHOPNEST_CONSISTENCY_WAIT; past that the answer says `X-Consistency: stale`."""
    outcome, shown = send_and_wait(command, context_from_request(request))
    if not shown:
        consistency_state.set("stale")
    return outcome


class AgentListView(APIView):
    permission_classes = [IsAdminAgent]

    @extend_schema(parameters=[OpenApiParameter(name, str) for name in ("email", "phone", "mobile")]
                   + [OpenApiParameter("state", str, enum=["fulltime", "occasional"]),
                      OpenApiParameter("page", int), OpenApiParameter("per_page", int)],
                   responses=schema.AgentSerializer(many=True))
    def get(self, request):
        query_params = request.query_params
        params.refuse_unknown_params(query_params, LIST_PARAMS)
        page = page_request(query_params)
        agents, has_next = ask(request, ListAgents(
            page=page.page, per_page=page.per_page,
            email=params.text_param(query_params, "email"),
            phone=params.text_param(query_params, "phone"),
            mobile=params.text_param(query_params, "mobile"),
            state=params.choice_param(query_params, "state", ("fulltime", "occasional"))))
        return page_response(request, [agent_json(a) for a in agents], page, has_next)

    @extend_schema(request=schema.AgentCreateSerializer, responses={201: schema.AgentSerializer})
    def post(self, request):
        payload = agent_payload(request, CREATE_FIELDS)
        if "ticket_scope" not in payload:  # Freshdesk insists on it when an agent is created
            raise FieldError([field_error("ticket_scope", "Mandatory attribute missing",
                                          "missing_field")])
        email, name = payload.pop("email", None), payload.pop("name", None)
        if name is None and isinstance(email, str):
            name = email.partition("@")[0]
        # The handler makes a key that is never shown: `manage.py issue_api_key` hands out keys.
        outcome = send(request, RegisterAgent(email=email, name=name, api_key=None,
                                              profile=payload))
        agent = agent_of(outcome.result)
        return Response(agent_json(agent), status=201,
                        headers={"Location": absolute_url(request, f"/api/v2/agents/{agent.id}")})


class AgentDetailView(APIView):
    permission_classes = [IsAdminAgent]

    @extend_schema(responses=schema.AgentSerializer)
    def get(self, request, agent_id: int):
        agent = ask(request, GetAgent(agent_id=agent_id))
        return Response(agent_json(agent)) if agent else Response(status=404)

    @extend_schema(request=schema.AgentUpdateSerializer, responses=schema.AgentSerializer)
    def put(self, request, agent_id: int):
        """Change the agent; like a deactivation, a change of roles or scope is in force
        for the agent's next request once this answers."""
        payload = agent_payload(request, set(UPDATABLE_FIELDS))
        outcome = send_in_force(request, UpdateAgent(agent_id=agent_id, changes=payload))
        return Response(agent_json(agent_of(outcome.result)))

    @extend_schema(responses={204: None})
    def delete(self, request, agent_id: int):
        """Deactivate the agent: its key is refused from the moment this answers."""
        send_in_force(request, DeactivateAgent(agent_id=agent_id))
        return no_content()


class AgentMeView(APIView):
    permission_classes = [IsAgent]

    @extend_schema(responses=schema.AgentSerializer)
    def get(self, request):
        agent = ask(request, GetAgent(agent_id=request.user.id))
        return Response(agent_json(agent)) if agent else Response(status=404)


class AgentAutocompleteView(APIView):
    permission_classes = [IsAdminAgent]

    @extend_schema(parameters=[OpenApiParameter("term", str, required=True)],
                   responses=schema.AgentSummarySerializer(many=True))
    def get(self, request):
        params.refuse_unknown_params(request.query_params, {"term"})
        term = params.text_param(request.query_params, "term")
        if term is None or not term.strip():
            raise FieldError([field_error("term", "Mandatory attribute missing", "missing_field")])
        return Response([agent_summary_json(a)
                         for a in ask(request, AutocompleteAgents(term=term))])
