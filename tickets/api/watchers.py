"""Watchers of a ticket (FRESHDESK_API.md §2): list, watch, unwatch, and in bulk.

`user_id` is the agent meant; without it, the caller. Bulk calls check every ticket first and
change none unless all can be written, then send one command per ticket (each ticket's stream is its
own consistency boundary).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from shopnest.api.errors import FieldError, field_error
from shopnest.api.payloads import body_object, coerce_form_integers, refuse_unknown
from shopnest.api.responses import ask, no_content, send
from tickets.api import schema
from tickets.domain.commands import UnwatchTicket, WatchTicket
from tickets.domain.validation import is_id
from tickets.queries.messages import GetTicket, UnwritableTickets

MAX_BULK = 100


def _user_id(request) -> object:
    payload = coerce_form_integers(body_object(request), ("user_id",))
    refuse_unknown(payload, {"user_id"})
    return payload.get("user_id")


class TicketWatchersView(APIView):
    @extend_schema(responses=schema.WatchersSerializer)
    def get(self, request, ticket_id: int):
        found = ask(request, GetTicket(ticket_id=ticket_id))
        if found is None:
            return Response(status=404)
        return Response({"watcher_ids": list(found.ticket.watcher_ids)})


def _watch(request, command_type, ticket_id: int) -> Response:
    send(request, command_type(ticket_id=ticket_id, user_id=_user_id(request)))
    return no_content()


class TicketWatchView(APIView):
    @extend_schema(request=schema.WatcherSerializer, responses={204: None})
    def post(self, request, ticket_id: int):
        return _watch(request, WatchTicket, ticket_id)


class TicketUnwatchView(APIView):
    @extend_schema(request=schema.WatcherSerializer, responses={204: None})
    def put(self, request, ticket_id: int):
        return _watch(request, UnwatchTicket, ticket_id)


class BulkWatchView(APIView):
    command = WatchTicket

    @extend_schema(request=schema.BulkWatchSerializer, responses={204: None})
    def put(self, request):
        payload = coerce_form_integers(body_object(request), ("user_id",))
        refuse_unknown(payload, {"ids", "user_id"})
        ids = payload.get("ids")
        if (not isinstance(ids, list) or not ids or len(ids) > MAX_BULK
                or not all(is_id(i) for i in ids)):
            raise FieldError([field_error("ids", f"It should be a list of 1 to {MAX_BULK} "
                                                 "ticket ids", "invalid_value")])
        unavailable = ask(request, UnwritableTickets(ticket_ids=tuple(ids)))
        if unavailable:
            raise FieldError([field_error(
                "ids", "These tickets do not exist, or are spam or deleted: "
                       + ", ".join(map(str, unavailable)), "invalid_value")])
        for ticket_id in dict.fromkeys(ids):
            send(request, self.command(ticket_id=ticket_id, user_id=payload.get("user_id")))
        return no_content()


class BulkUnwatchView(BulkWatchView):
    command = UnwatchTicket
