"""Company endpoints (FRESHDESK_API.md §4.5): /api/v2/companies, /companies/{id},
/companies/autocomplete and /company_fields. Any agent reads; admins write."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from people.api import schema
from people.domain.companies import CompanyState, CreateCompany, DeleteCompany, UpdateCompany
from people.domain.company_fields import COMPANY_FIELDS, FieldDefinition
from people.queries.companies import (
    AutocompleteCompanies,
    GetCompany,
    ListCompanies,
    ListCompanyFields,
)
from shopnest.api import params
from shopnest.api.errors import FieldError, field_error
from shopnest.api.pagination import page_request
from shopnest.api.payloads import (
    body_object,
    coerce_form_integers,
    normalise_timestamps,
    refuse_unknown,
)
from shopnest.api.permissions import AgentReadsAdminWrites
from shopnest.api.responses import absolute_url, ask, no_content, page_response, send
from shopnest.domain.data import from_data

LIST_PARAMS = {"updated_since", "page", "per_page"}
# The moment the default company fields were defined (Freshdesk gives every field one).
FIELDS_DEFINED_AT = "2026-01-01T00:00:00Z"


def company_json(company: CompanyState) -> dict[str, Any]:
    """Freshdesk's company object; blank fields are null, never left out."""
    return {
        "id": company.id, "name": company.name, "description": company.description,
        "domains": list(company.domains), "note": company.note,
        "health_score": company.health_score, "account_tier": company.account_tier,
        "renewal_date": company.renewal_date, "industry": company.industry,
        "custom_fields": dict(company.custom_fields),
        "created_at": company.created_at, "updated_at": company.updated_at,
    }


def field_json(definition: FieldDefinition) -> dict[str, Any]:
    return {
        "id": definition.position, "name": definition.name, "label": definition.label,
        "position": definition.position, "required_for_agent": definition.required_for_agent,
        "type": definition.type, "default": True,
        "choices": list(definition.choices) if definition.choices else None,
        "created_at": FIELDS_DEFINED_AT, "updated_at": FIELDS_DEFINED_AT,
    }


def company_payload(request) -> dict[str, Any]:
    payload = coerce_form_integers(body_object(request), ())
    refuse_unknown(payload, set(COMPANY_FIELDS))
    normalise_timestamps(payload, ("renewal_date",))
    return payload


def company_response(result: dict, status: int = 200, headers: dict | None = None) -> Response:
    return Response(company_json(from_data(CompanyState, result["company"])), status=status,
                    headers=headers)


class CompanyListView(APIView):
    permission_classes = [AgentReadsAdminWrites]

    @extend_schema(parameters=[OpenApiParameter("updated_since", str),
                               OpenApiParameter("page", int), OpenApiParameter("per_page", int)],
                   responses=schema.CompanySerializer(many=True))
    def get(self, request):
        query_params = request.query_params
        params.refuse_unknown_params(query_params, LIST_PARAMS)
        page = page_request(query_params)
        companies, has_next = ask(request, ListCompanies(
            page=page.page, per_page=page.per_page,
            updated_since=params.datetime_param(query_params, "updated_since")))
        return page_response(request, [company_json(c) for c in companies], page, has_next)

    @extend_schema(request=schema.CompanyCreateSerializer,
                   responses={201: schema.CompanySerializer})
    def post(self, request):
        outcome = send(request, CreateCompany(fields=company_payload(request)))
        location = absolute_url(request, f"/api/v2/companies/{outcome.result['company']['id']}")
        return company_response(outcome.result, 201, {"Location": location})


class CompanyDetailView(APIView):
    permission_classes = [AgentReadsAdminWrites]

    @extend_schema(responses=schema.CompanySerializer)
    def get(self, request, company_id: int):
        params.refuse_unknown_params(request.query_params, set())
        company = ask(request, GetCompany(company_id=company_id))
        return Response(company_json(company)) if company else Response(status=404)

    @extend_schema(request=schema.CompanyUpdateSerializer, responses=schema.CompanySerializer)
    def put(self, request, company_id: int):
        command = UpdateCompany(company_id=company_id, changes=company_payload(request))
        return company_response(send(request, command).result)

    @extend_schema(responses={204: None})
    def delete(self, request, company_id: int):
        send(request, DeleteCompany(company_id=company_id))
        return no_content()


class CompanyAutocompleteView(APIView):
    permission_classes = [AgentReadsAdminWrites]

    @extend_schema(parameters=[OpenApiParameter("name", str, required=True)],
                   responses=schema.CompanyAutocompleteSerializer)
    def get(self, request):
        params.refuse_unknown_params(request.query_params, {"name"})
        name = params.text_param(request.query_params, "name")
        if name is None or not name.strip():
            raise FieldError([field_error("name", "Mandatory attribute missing", "missing_field")])
        found = ask(request, AutocompleteCompanies(name=name.strip()))
        return Response({"companies": [{"id": i, "name": n} for i, n in found]})


class CompanyFieldsView(APIView):
    permission_classes = [AgentReadsAdminWrites]

    @extend_schema(responses=schema.CompanyFieldSerializer(many=True))
    def get(self, request):
        params.refuse_unknown_params(request.query_params, set())
        return Response([field_json(d) for d in ask(request, ListCompanyFields())])
