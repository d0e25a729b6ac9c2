"""Handlers of replies and notes."""

from __future__ import annotations

from shopnest.eventstore import store
from shopnest.eventstore.ids import allocate_id
from shopnest.mediator import Decision, MessageContext
from tickets import repository
from tickets.commands import EditConversation, PostNote, PostReply, RemoveConversation
from tickets.conversations import (
    apply_conversation_event,
    conversation_json,
)
from tickets.domain.commands import AddNote, AddReply, DeleteConversation, EditNote
from tickets.domain.decide import decide
from tickets.domain.errors import ConversationNotFound
from tickets.handlers.results import after, ticket_result
from tickets.handlers.tickets import change_ticket
from tickets.streams import CONVERSATION_ID_SEQUENCE, ticket_stream


def post_reply(command: PostReply, ctx: MessageContext) -> Decision:
    state = repository.load_ticket(command.ticket_id)
    add = AddReply(
        ticket_id=command.ticket_id,
        conversation_id=_conversation_id(state),
        body=command.body,
        user_id=command.user_id if command.user_id is not None else ctx.actor_id,
        from_email=command.from_email,
        cc_emails=command.cc_emails,
        bcc_emails=command.bcc_emails,
        actor_id=ctx.actor_id,
    )
    return _conversation_decision(state, add, ctx)


def post_note(command: PostNote, ctx: MessageContext) -> Decision:
    state = repository.load_ticket(command.ticket_id)
    add = AddNote(
        ticket_id=command.ticket_id,
        conversation_id=_conversation_id(state),
        body=command.body,
        user_id=command.user_id if command.user_id is not None else ctx.actor_id,
        private=command.private,
        incoming=command.incoming,
        notify_emails=command.notify_emails,
        actor_id=ctx.actor_id,
    )
    return _conversation_decision(state, add, ctx)


def _conversation_id(state) -> int:
    # Allocated only for a ticket that can take it; a missing ticket fails in decide.
    return allocate_id(CONVERSATION_ID_SEQUENCE) if state.exists else 0


def _conversation_decision(state, command, ctx: MessageContext) -> Decision:
    events = decide(state, command, ctx.now_iso)
    new_state = after(state, events)
    rows: dict[int, dict] = {}
    for version, event in enumerate(events, state.version + 1):
        apply_conversation_event(rows, command.ticket_id, version, event.TYPE, event.to_data())
    return Decision(
        appends=(repository.ticket_append(state, command.ticket_id, events),),
        result={**ticket_result(new_state),
                "conversation": conversation_json(rows[command.conversation_id])},
    )


def edit_conversation(command: EditConversation, ctx: MessageContext) -> Decision:
    """Edit a note found by its id alone; answer with the conversation as it now reads."""
    ticket_id = _ticket_of(command.conversation_id)
    decision = change_ticket(
        EditNote(ticket_id=ticket_id, conversation_id=command.conversation_id, body=command.body), ctx)
    pending = [(e.type, e.data) for a in decision.appends for e in a.events]
    row = _conversation_row(ticket_id, command.conversation_id, pending)
    return Decision(appends=decision.appends,
                    result={**decision.result, "conversation": conversation_json(row)})


def remove_conversation(command: RemoveConversation, ctx: MessageContext) -> Decision:
    ticket_id = _ticket_of(command.conversation_id)
    return change_ticket(
        DeleteConversation(ticket_id=ticket_id, conversation_id=command.conversation_id), ctx)


def _ticket_of(conversation_id: int) -> int:
    ticket_id = repository.ticket_of_conversation(conversation_id)
    if ticket_id is None:
        raise ConversationNotFound(conversation_id)
    return ticket_id


def _conversation_row(ticket_id: int, conversation_id: int, pending) -> dict:
    """Fold the conversation's row from the ticket's stored events and the ones just decided."""
    recorded = store.read_stream(ticket_stream(ticket_id))
    events = [(e.version, e.type, e.data) for e in recorded]
    version = recorded[-1].version if recorded else 0
    events += [(version + i, event_type, data) for i, (event_type, data) in enumerate(pending, 1)]
    rows: dict[int, dict] = {}
    for event_version, event_type, data in events:
        if data.get("conversation_id") == conversation_id:
            apply_conversation_event(rows, ticket_id, event_version, event_type, data)
    return rows[conversation_id]
