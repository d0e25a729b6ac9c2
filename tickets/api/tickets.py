"""Ticket endpoints: /api/v2/tickets and /api/v2/tickets/{id} (FRESHDESK_API.md §2)."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from shopnest.api import params
from shopnest.api.pagination import page_request
from shopnest.api.payloads import (
    body_object,
    coerce_form_integers,
    normalise_timestamps,
    refuse_unknown,
)
from shopnest.api.permissions import IsAgentOrCustomer
from shopnest.api.responses import (
    absolute_url,
    ask,
    etag,
    if_match_version,
    no_content,
    page_response,
    send,
)
from shopnest.domain.data import from_data
from tickets.api import customers, fields, schema
from tickets.api.representation import (
    company_json,
    conversation_json,
    requester_json,
    stats_json,
    ticket_json,
)
from tickets.domain.commands import (
    CreateTicket,
    DeleteTicket,
    MarkSpam,
    RestoreTicket,
    UnmarkSpam,
    UpdateTicket,
)
from tickets.domain.state import TicketState
from tickets.queries.messages import GetTicket, ListTickets
from tickets.queries.tickets import TicketRead

FRESHDESK_MAX_PAGE = 300


def ticket_payload(request, allowed: set[str]) -> dict:
    payload = coerce_form_integers(body_object(request), fields.INTEGER_FIELDS)
    refuse_unknown(payload, allowed)
    normalise_timestamps(payload, fields.TIMESTAMP_FIELDS)
    return payload


def ticket_response(request, result: dict, status: int = 200,
                    headers: dict | None = None) -> Response:
    """Answer a ticket command with the ticket it produced and its version as the ETag."""
    ticket = ticket_json(from_data(TicketState, result["ticket"]))
    response = Response(customers.shown_to(request, ticket), status=status, headers=headers)
    response["ETag"] = etag(result["version"])
    return response


def read_json(request, read: TicketRead, include: tuple[str, ...], *, description: bool
              ) -> dict:
    """Render a ticket a query found, with the includes asked for, as the caller may see it."""
    out = ticket_json(read.ticket, description=description)
    if "stats" in include:
        out["stats"] = stats_json(read.ticket)
    if "requester" in include:
        out["requester"] = requester_json(read.requester)
    if "company" in include:
        out["company"] = company_json(read.ticket.company_id, read.company_name)
    if "conversations" in include:
        out["conversations"] = [conversation_json(read.ticket.id, c) for c in read.conversations]
    return customers.shown_to(request, out)


class TicketListView(APIView):
    """List tickets (newest first by default) or create one."""

    permission_classes = [IsAgentOrCustomer]
    customer_methods = ("GET", "POST")

    @extend_schema(parameters=schema.LIST_PARAMETERS, responses=schema.TicketSerializer(many=True))
    def get(self, request):
        query_params = request.query_params
        params.refuse_unknown_params(query_params, fields.LIST_PARAMS)
        limits = settings.SHOPNEST_FRESHDESK_LIST_LIMITS
        page = page_request(query_params, max_page=FRESHDESK_MAX_PAGE if limits else None)
        query = ListTickets(
            page=page.page,
            per_page=page.per_page,
            filter=params.choice_param(query_params, "filter", fields.LIST_FILTERS),
            caller_id=request.user.id,
            requester_id=params.positive_int_param(query_params, "requester_id"),
            email=params.text_param(query_params, "email"),
            company_id=params.positive_int_param(query_params, "company_id"),
            unique_external_id=params.text_param(query_params, "unique_external_id"),
            updated_since=params.datetime_param(query_params, "updated_since"),
            order_by=params.choice_param(query_params, "order_by", fields.ORDER_BY, "created_at"),
            order_type=params.choice_param(query_params, "order_type", fields.ORDER_TYPE, "desc"),
            include=customers.includes_for(
                request, tuple(params.list_param(query_params, "include", fields.LIST_INCLUDES))),
        )
        reads, has_next = ask(request, query)
        description = "description" in query.include
        items = [read_json(request, read, query.include, description=description)
                 for read in reads]
        return page_response(request, items, page, has_next)

    @extend_schema(request=schema.TicketCreateSerializer, responses={201: schema.TicketSerializer})
    def post(self, request):
        if customers.is_customer(request):
            # A customer opens a ticket for themselves.
            payload = {**ticket_payload(request, customers.CREATE_FIELDS),
                       "requester_id": request.user.id}
        else:
            payload = ticket_payload(request, fields.CREATE_FIELDS)
        outcome = send(request, CreateTicket(fields=payload))
        location = absolute_url(request, f"/api/v2/tickets/{outcome.result['ticket']['id']}")
        return ticket_response(request, outcome.result, 201, {"Location": location})


class TicketDetailView(APIView):
    """View, update or delete one ticket."""

    permission_classes = [IsAgentOrCustomer]
    customer_methods = ("GET",)

    @extend_schema(parameters=schema.VIEW_PARAMETERS, responses=schema.TicketSerializer)
    def get(self, request, ticket_id: int):
        params.refuse_unknown_params(request.query_params, {"include"})
        include = customers.includes_for(
            request, tuple(params.list_param(request.query_params, "include",
                                             fields.VIEW_INCLUDES)))
        found = ask(request, GetTicket(ticket_id=ticket_id, include=include))
        if found is None:
            return Response(status=404)
        response = Response(read_json(request, found, include, description=True))
        response["ETag"] = etag(found.version)
        return response

    @extend_schema(request=schema.TicketUpdateSerializer, responses=schema.TicketSerializer,
                   parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER)])
    def put(self, request, ticket_id: int):
        payload = ticket_payload(request, fields.UPDATE_FIELDS)
        command = UpdateTicket(ticket_id=ticket_id, changes=payload,
                               expected_version=if_match_version(request))
        return ticket_response(request, send(request, command).result)

    @extend_schema(responses={204: None})
    def delete(self, request, ticket_id: int):
        send(request, DeleteTicket(ticket_id=ticket_id))
        return no_content()


class TicketRestoreView(APIView):
    """Bring a deleted ticket back."""

    @extend_schema(request=None, responses={204: None})
    def put(self, request, ticket_id: int):
        send(request, RestoreTicket(ticket_id=ticket_id))
        return no_content()


class TicketSpamView(APIView):
    """Mark a ticket as spam (PUT …/spam) or take the mark off (PUT …/unspam)."""

    command = MarkSpam

    @extend_schema(request=None, responses={204: None})
    def put(self, request, ticket_id: int):
        send(request, self.command(ticket_id=ticket_id))
        return no_content()


class TicketUnspamView(TicketSpamView):
    command = UnmarkSpam
