"""Role endpoints: /api/v2/roles and /api/v2/roles/{id} (the fixed catalogue, admins only)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from people.api import schema
from people.api.representation import role_json
from people.queries.roles import GetRole, ListRoles
from shopnest.api import params
from shopnest.api.permissions import IsAdminAgent
from shopnest.api.responses import ask


class RoleListView(APIView):
    permission_classes = [IsAdminAgent]

    @extend_schema(responses=schema.RoleSerializer(many=True))
    def get(self, request):
        params.refuse_unknown_params(request.query_params, set())
        return Response([role_json(role) for role in ask(request, ListRoles())])


class RoleDetailView(APIView):
    permission_classes = [IsAdminAgent]

    @extend_schema(responses=schema.RoleSerializer)
    def get(self, request, role_id: int):
        role = ask(request, GetRole(role_id=role_id))
        return Response(role_json(role)) if role else Response(status=404)
