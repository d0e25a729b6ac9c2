"""Contact endpoints: /api/v2/contacts and what hangs off it (FRESHDESK_API.md §4.2)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from people.api import contact_schema as schema
from people.api.contact_fields import contact_fields_json
from people.api.contact_representation import autocomplete_json, contact_json
from people.api.representation import agent_json
from people.domain.agent_fields import PROFILE_FIELDS
from people.domain.contacts import (
    DETAIL_FIELDS,
    ContactState,
    CreateContact,
    DeleteContact,
    MakeContactAgent,
    RestoreContact,
    UpdateContact,
)
from people.handlers.results import agent_of
from people.queries.contacts import AutocompleteContacts, GetContact, ListContacts
from shopnest.api import params
from shopnest.api.pagination import page_request
from shopnest.api.payloads import body_object, coerce_form_integers, refuse_unknown
from shopnest.api.permissions import IsAdminAgent
from shopnest.api.responses import absolute_url, ask, no_content, page_response, send
from shopnest.domain.data import from_data

FIELDS = set(DETAIL_FIELDS)
INTEGER_FIELDS = ("company_id", "view_all_tickets")
LIST_PARAMS = {"email", "phone", "mobile", "company_id", "state", "updated_since",
               "_updated_since", "page", "per_page"}
STATES = ("blocked", "deleted", "unverified", "verified")
# make_agent takes the new agent's profile, as POST /agents does (python-freshdesk sends
# `occasional` and `ticket_scope`).
MAKE_AGENT_FIELDS = set(PROFILE_FIELDS)


def contact_payload(request) -> dict:
    payload = coerce_form_integers(body_object(request), INTEGER_FIELDS)
    refuse_unknown(payload, FIELDS)
    return payload


def contact_response(result: dict, status: int = 200, headers: dict | None = None) -> Response:
    """Answer a contact command with the contact it produced."""
    return Response(contact_json(from_data(ContactState, result["contact"])), status=status,
                    headers=headers)


class ContactListView(APIView):
    """List contacts by name, or create one."""

    @extend_schema(parameters=schema.LIST_PARAMETERS,
                   responses=schema.ContactSerializer(many=True))
    def get(self, request):
        query_params = request.query_params
        params.refuse_unknown_params(query_params, LIST_PARAMS)
        page = page_request(query_params)
        # Freshdesk's `updated_since`; `_updated_since` is what Airbyte and the tap send.
        since = (params.datetime_param(query_params, "updated_since")
                 or params.datetime_param(query_params, "_updated_since"))
        contacts, has_next = ask(request, ListContacts(
            page=page.page, per_page=page.per_page,
            email=params.text_param(query_params, "email"),
            phone=params.text_param(query_params, "phone"),
            mobile=params.text_param(query_params, "mobile"),
            company_id=params.positive_int_param(query_params, "company_id"),
            state=params.choice_param(query_params, "state", STATES),
            updated_since=since))
        return page_response(request, [contact_json(c) for c in contacts], page, has_next)

    @extend_schema(request=schema.ContactCreateSerializer,
                   responses={201: schema.ContactSerializer})
    def post(self, request):
        outcome = send(request, CreateContact(**contact_payload(request)))
        location = absolute_url(request, f"/api/v2/contacts/{outcome.result['contact']['id']}")
        return contact_response(outcome.result, 201, {"Location": location})


class ContactDetailView(APIView):
    """View, update or (softly) delete one contact."""

    @extend_schema(responses=schema.ContactSerializer)
    def get(self, request, contact_id: int):
        params.refuse_unknown_params(request.query_params, set())
        contact = ask(request, GetContact(contact_id=contact_id))
        return Response(contact_json(contact)) if contact else Response(status=404)

    @extend_schema(request=schema.ContactUpdateSerializer, responses=schema.ContactSerializer)
    def put(self, request, contact_id: int):
        command = UpdateContact(contact_id=contact_id, changes=contact_payload(request))
        return contact_response(send(request, command).result)

    @extend_schema(responses={204: None})
    def delete(self, request, contact_id: int):
        send(request, DeleteContact(contact_id=contact_id))
        return no_content()


class ContactRestoreView(APIView):
    @extend_schema(request=None, responses={204: None})
    def put(self, request, contact_id: int):
        send(request, RestoreContact(contact_id=contact_id))
        return no_content()


class ContactMakeAgentView(APIView):
    """Make the contact an agent (admins only, as every agent administration)."""

    permission_classes = [IsAdminAgent]

    @extend_schema(request=schema.MakeAgentSerializer, responses=schema.ContactAgentSerializer)
    def put(self, request, contact_id: int):
        profile = coerce_form_integers(body_object(request), ("ticket_scope",))
        refuse_unknown(profile, MAKE_AGENT_FIELDS)
        result = send(request, MakeContactAgent(contact_id=contact_id, profile=profile)).result
        return Response({**contact_json(from_data(ContactState, result["contact"])),
                         "agent": agent_json(agent_of(result))})


class ContactAutocompleteView(APIView):
    @extend_schema(parameters=[OpenApiParameter("term", str, required=True)],
                   responses=schema.ContactAutocompleteSerializer(many=True))
    def get(self, request):
        params.refuse_unknown_params(request.query_params, {"term"})
        term = params.text_param(request.query_params, "term") or ""
        found = ask(request, AutocompleteContacts(term=term))
        return Response([autocomplete_json(c) for c in found])


class ContactFieldsView(APIView):
    @extend_schema(responses=schema.ContactFieldSerializer(many=True))
    def get(self, request):
        params.refuse_unknown_params(request.query_params, set())
        return Response(contact_fields_json())
