"""Reply, note and conversation endpoints, and a ticket's history (FRESHDESK_API.md §2, §4.1)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from shopnest.api import params
from shopnest.api.pagination import next_link, page_request
from shopnest.api.payloads import body_object, coerce_form_integers, refuse_unknown
from shopnest.api.permissions import IsAgentOrCustomer
from shopnest.api.responses import ask, no_content, page_response, send
from shopnest.domain.data import from_data
from tickets.api import customers, fields, schema
from tickets.api.representation import conversation_json
from tickets.domain.commands import AddNote, AddReply, DeleteConversation, EditNote
from tickets.domain.state import ConversationState
from tickets.queries.messages import GetTicketActivities, ListConversations


def _payload(request, allowed: set[str]) -> dict:
    payload = coerce_form_integers(body_object(request), ("user_id", "private", "incoming"))
    refuse_unknown(payload, allowed)
    return payload


def conversation_response(result: dict, status: int = 200) -> Response:
    """Answer a conversation command with the conversation as it now reads."""
    conversation = from_data(ConversationState, result["conversation"])
    return Response(conversation_json(result["ticket_id"], conversation), status=status)


class TicketReplyView(APIView):
    permission_classes = [IsAgentOrCustomer]
    customer_methods = ("POST",)

    @extend_schema(request=schema.ReplySerializer, responses={201: schema.ConversationSerializer})
    def post(self, request, ticket_id: int):
        if customers.is_customer(request):
            # A customer's reply is theirs: the desk sees it as the requester writing in.
            payload = {**_payload(request, customers.REPLY_FIELDS), "user_id": request.user.id}
        else:
            payload = _payload(request, fields.REPLY_FIELDS)
        outcome = send(request, AddReply(ticket_id=ticket_id, body=payload.get("body"),
                                         user_id=payload.get("user_id"),
                                         from_email=payload.get("from_email"),
                                         cc_emails=payload.get("cc_emails") or (),
                                         bcc_emails=payload.get("bcc_emails") or ()))
        return conversation_response(outcome.result, status=201)


class TicketNoteView(APIView):
    @extend_schema(request=schema.NoteSerializer, responses={201: schema.ConversationSerializer})
    def post(self, request, ticket_id: int):
        payload = _payload(request, fields.NOTE_FIELDS)
        outcome = send(request, AddNote(ticket_id=ticket_id, body=payload.get("body"),
                                        user_id=payload.get("user_id"),
                                        private=payload.get("private", True),
                                        incoming=payload.get("incoming", False),
                                        notify_emails=payload.get("notify_emails") or ()))
        return conversation_response(outcome.result, status=201)


class TicketConversationsView(APIView):
    permission_classes = [IsAgentOrCustomer]
    customer_methods = ("GET",)

    @extend_schema(responses=schema.ConversationSerializer(many=True))
    def get(self, request, ticket_id: int):
        params.refuse_unknown_params(request.query_params, {"page", "per_page"})
        page = page_request(request.query_params)
        found = ask(request, ListConversations(ticket_id=ticket_id, page=page.page,
                                               per_page=page.per_page))
        if found is None:
            return Response(status=404)
        conversations, has_next = found
        items = [conversation_json(ticket_id, c) for c in conversations]
        return page_response(request, items, page, has_next)


class TicketActivitiesView(APIView):
    """The ticket's history, oldest first: all of it, or a page when `page` or `per_page` is
    given (with `Link: <…>; rel="next"` while more follow)."""

    @extend_schema(parameters=schema.PAGE_PARAMETERS, responses=schema.ActivitiesSerializer)
    def get(self, request, ticket_id: int):
        paged = any(name in request.query_params for name in ("page", "per_page"))
        page = page_request(request.query_params) if paged else None
        query = GetTicketActivities(ticket_id=ticket_id) if page is None else \
            GetTicketActivities(ticket_id=ticket_id, after_version=page.offset,
                                limit=page.per_page)
        found = ask(request, query)
        if found is None:
            return Response(status=404)
        response = Response({"activities": found.activities})
        if page is not None and found.more:
            response["Link"] = next_link(request, page)
        return response


class ConversationDetailView(APIView):
    """Edit a note's body, or delete a reply or note (found through the event store)."""

    @extend_schema(request=schema.NoteEditSerializer, responses=schema.ConversationSerializer)
    def put(self, request, conversation_id: int):
        payload = _payload(request, fields.NOTE_EDIT_FIELDS)
        outcome = send(request, EditNote(conversation_id=conversation_id, body=payload.get("body")))
        return conversation_response(outcome.result)

    @extend_schema(responses={204: None})
    def delete(self, request, conversation_id: int):
        send(request, DeleteConversation(conversation_id=conversation_id))
        return no_content()
