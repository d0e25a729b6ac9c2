"""Query handlers over the conversation read table, and the history query."""

from __future__ import annotations

from typing import Any

from shopnest.eventstore import store
from shopnest.mediator import MessageContext
from tickets.conversations import conversation_json
from tickets.domain.activity import ticket_activities
from tickets.models import ConversationView, TicketView
from tickets.queries.messages import (
    GetTicketActivities,
    GetTicketThread,
    ListConversations,
)
from tickets.streams import ticket_stream


def list_conversations(query: ListConversations, ctx: MessageContext):
    """Return (page, has_next), or None when the ticket does not exist.

    Conversations of spam or deleted tickets answer an empty list, as Freshdesk does.
    """
    ticket = TicketView.objects.filter(id=query.ticket_id).values("spam", "deleted").first()
    if ticket is None:
        return None
    if ticket["spam"] or ticket["deleted"]:
        return [], False
    rows = (ConversationView.objects.filter(ticket_id=query.ticket_id, deleted=False)
            .order_by("created_at", "id"))
    offset = (query.page - 1) * query.per_page
    page = list(rows.values()[offset : offset + query.per_page + 1])
    return [conversation_json(r) for r in page[: query.per_page]], len(page) > query.per_page


def ticket_history(query: GetTicketActivities, ctx: MessageContext) -> list[dict[str, Any]] | None:
    """Return every change of the ticket, from its events: who, when, via what, old → new."""
    recorded = store.read_stream(ticket_stream(query.ticket_id))
    if not recorded:
        return None
    activities = ticket_activities((e.type, e.data, e.metadata) for e in recorded)
    for activity, event in zip(activities, recorded, strict=True):
        activity["id"] = event.position
        activity["via"] = event.metadata.get("via")
        activity["actor_type"] = event.metadata.get("actor_type")
        activity["correlation_id"] = event.metadata.get("correlation_id")
    return activities


def ticket_thread(query: GetTicketThread, ctx: MessageContext) -> list[dict[str, Any]]:
    rows = (ConversationView.objects.filter(ticket_id=query.ticket_id, deleted=False)
            .order_by("created_at", "id").values())
    return list(rows)
