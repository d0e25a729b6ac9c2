"""Query handlers over the conversation read table."""

from __future__ import annotations

from typing import Any

from shopnest.mediator import MessageContext
from tickets.access import TicketOutOfScope, access_of
from tickets.domain.state import ConversationState
from tickets.models import TicketView
from tickets.projections.rows import conversation_state, ticket_state
from tickets.queries.messages import GetTicketThread, ListConversations
from tickets.queries.tickets import shown_conversations


def list_conversations(query: ListConversations, ctx: MessageContext
                       ) -> tuple[list[ConversationState], bool] | None:
    """Return (page, has_next), or None when the ticket does not exist.

    Conversations of spam or deleted tickets answer an empty list, as Freshdesk does.
    """
    row = TicketView.objects.filter(id=query.ticket_id).values().first()
    if row is None:
        return None
    ticket, access = ticket_state(row), access_of(ctx)
    if not access.sees(ticket):
        raise TicketOutOfScope()
    if ticket.spam or ticket.deleted:
        return [], False
    rows = shown_conversations(query.ticket_id, access).order_by("created_at", "id")
    offset = (query.page - 1) * query.per_page
    page = list(rows.values()[offset : offset + query.per_page + 1])
    return [conversation_state(r) for r in page[: query.per_page]], len(page) > query.per_page


def ticket_thread(query: GetTicketThread, ctx: MessageContext) -> list[dict[str, Any]]:
    row = TicketView.objects.filter(id=query.ticket_id).values().first()
    if row is None:
        return []
    access = access_of(ctx)
    if not access.sees(ticket_state(row)):
        raise TicketOutOfScope()
    return list(shown_conversations(query.ticket_id, access).order_by("created_at", "id").values())
