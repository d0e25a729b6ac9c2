"""Group endpoints: /api/v2/groups and /api/v2/groups/{id} (admins only, §4.4)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from people.api import schema
from people.api.representation import group_json
from people.domain.groups import CreateGroup, DeleteGroup, GroupState, UpdateGroup
from people.queries.groups import GetGroup, ListGroups
from shopnest.api import params
from shopnest.api.pagination import page_request
from shopnest.api.payloads import body_object, coerce_form_integers
from shopnest.api.permissions import IsAdminAgent
from shopnest.api.responses import absolute_url, ask, no_content, page_response, send
from shopnest.domain.data import from_data

INTEGER_FIELDS = ("business_hour_id", "escalate_to", "auto_ticket_assign")


def group_payload(request) -> dict:
    # Unknown fields are refused by the domain's checks, with every other mistake at once.
    return coerce_form_integers(body_object(request), INTEGER_FIELDS)


def group_response(result: dict, status: int = 200, headers: dict | None = None) -> Response:
    group = from_data(GroupState, result["group"])
    return Response(group_json(group, result["agent_ids"]), status=status, headers=headers)


class GroupListView(APIView):
    permission_classes = [IsAdminAgent]

    @extend_schema(parameters=[OpenApiParameter("page", int), OpenApiParameter("per_page", int)],
                   responses=schema.GroupSerializer(many=True))
    def get(self, request):
        params.refuse_unknown_params(request.query_params, {"page", "per_page"})
        page = page_request(request.query_params)
        found, has_next = ask(request, ListGroups(page=page.page, per_page=page.per_page))
        return page_response(request, [group_json(g) for g in found], page, has_next)

    @extend_schema(request=schema.GroupWriteSerializer,
                   responses={201: schema.GroupDetailSerializer})
    def post(self, request):
        outcome = send(request, CreateGroup(fields=group_payload(request)))
        location = absolute_url(request, f"/api/v2/groups/{outcome.result['group']['id']}")
        return group_response(outcome.result, 201, {"Location": location})


class GroupDetailView(APIView):
    permission_classes = [IsAdminAgent]

    @extend_schema(responses=schema.GroupDetailSerializer)
    def get(self, request, group_id: int):
        found = ask(request, GetGroup(group_id=group_id))
        if found is None:
            return Response(status=404)
        return Response(group_json(found.group, found.agent_ids))

    @extend_schema(request=schema.GroupWriteSerializer, responses=schema.GroupDetailSerializer)
    def put(self, request, group_id: int):
        return group_response(send(request, UpdateGroup(group_id=group_id,
                                                        changes=group_payload(request))).result)

    @extend_schema(responses={204: None})
    def delete(self, request, group_id: int):
        send(request, DeleteGroup(group_id=group_id))
        return no_content()
