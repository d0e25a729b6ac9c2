"""Query handlers over the conversation read table, and the history query."""

from __future__ import annotations

from typing import Any

from shopnest.eventstore import store
from shopnest.eventstore.records import RecordedEvent
from shopnest.mediator import MessageContext
from tickets.domain.aggregate import TICKET
from tickets.domain.state import ConversationState
from tickets.models import ConversationView, TicketView
from tickets.projections.rows import conversation_state
from tickets.queries.messages import GetTicketActivities, GetTicketThread, ListConversations


def list_conversations(query: ListConversations, ctx: MessageContext
                       ) -> tuple[list[ConversationState], bool] | None:
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
    return [conversation_state(r) for r in page[: query.per_page]], len(page) > query.per_page


def ticket_history(query: GetTicketActivities, ctx: MessageContext) -> list[RecordedEvent] | None:
    """Return the ticket's stored events, oldest first (None: no such ticket); the caller
    renders them as activities (tickets/api/activities.py)."""
    recorded = store.read_stream(TICKET.stream_id(query.ticket_id))
    return recorded or None


def ticket_thread(query: GetTicketThread, ctx: MessageContext) -> list[dict[str, Any]]:
    rows = (ConversationView.objects.filter(ticket_id=query.ticket_id, deleted=False)
            .order_by("created_at", "id").values())
    return list(rows)
