"""Handlers of replies and notes: load the ticket, decide, append."""

from __future__ import annotations

from django.db import connection

from shopnest.eventstore.ids import allocate_id
from shopnest.mediator import Decision, MessageContext
from tickets.access import load_ticket
from tickets.domain.aggregate import TICKET
from tickets.domain.commands import AddNote, AddReply, DeleteConversation, EditNote
from tickets.domain.decide import decide
from tickets.domain.errors import ConversationNotFound
from tickets.domain.events import NoteAdded, ReplyAdded
from tickets.handlers.results import conversation_result
from tickets.sequences import CONVERSATION_IDS


def add_conversation(command: AddReply | AddNote, ctx: MessageContext) -> Decision:
    """Add a reply or note; answer with the conversation as it now reads."""
    ticket = load_ticket(command.ticket_id, ctx, customers_may=isinstance(command, AddReply))
    # Allocated only for a ticket that can take it; a missing ticket fails in decide.
    ids = {"conversation": allocate_id(CONVERSATION_IDS)} if ticket.state.exists else {}
    events = decide(ticket.state, command, ctx.decision(ids=ids))
    return ticket.decided(events, lambda after: conversation_result(after, ids["conversation"]))


def change_conversation(command: EditNote | DeleteConversation, ctx: MessageContext) -> Decision:
    """Edit a note or delete a conversation, found by its id alone."""
    ticket = load_ticket(ticket_of_conversation(command.conversation_id), ctx)
    events = decide(ticket.state, command, ctx.decision())
    return ticket.decided(events,
                          lambda after: conversation_result(after, command.conversation_id))


def ticket_of_conversation(conversation_id: int) -> int:
    """Return the ticket a reply or note was added to, from the event store's own index: the
    write side never depends on how far the read tables have got."""
    with connection.cursor() as cursor:
        cursor.execute(
            # Literal types, so the planner can use the partial index (migration 0003).
            f"SELECT stream_id FROM es_events WHERE type IN ('{ReplyAdded.TYPE}', "
            f"'{NoteAdded.TYPE}') AND (data->>'conversation_id')::bigint = %s LIMIT 1",
            [conversation_id],
        )
        row = cursor.fetchone()
    if row is None:
        raise ConversationNotFound(conversation_id)
    return TICKET.key_of(row[0])
