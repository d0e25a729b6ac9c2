"""Handlers of replies and notes."""

from __future__ import annotations

from dataclasses import replace

from shopnest.eventstore.ids import allocate_id
from shopnest.mediator import Decision, MessageContext
from tickets import repository
from tickets.commands import PostNote, PostReply
from tickets.conversations import conversation_json, row_from_note, row_from_reply
from tickets.domain.commands import AddNote, AddReply
from tickets.domain.decide import decide
from tickets.domain.events import NoteAdded, NoteEdited, ReplyAdded
from tickets.handlers.results import after, ticket_result
from tickets.streams import CONVERSATION_ID_SEQUENCE


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


def change_conversation(command, ctx: MessageContext) -> Decision:
    """Handle EditNote and DeleteConversation."""
    state = repository.load_ticket(command.ticket_id)
    command = replace(command, actor_id=ctx.actor_id)
    events = decide(state, command, ctx.now_iso)
    new_state = after(state, events)
    appends = (repository.ticket_append(state, command.ticket_id, events),) if events else ()
    result = ticket_result(new_state)
    edited = next((e for e in events if isinstance(e, NoteEdited)), None)
    if edited is not None:
        result["conversation_change"] = edited.to_data()
    return Decision(appends=appends, result=result)


def _conversation_id(state) -> int:
    # Allocated only for a ticket that can take it; a missing ticket fails in decide.
    return allocate_id(CONVERSATION_ID_SEQUENCE) if state.exists else 0


def _conversation_decision(state, command, ctx: MessageContext) -> Decision:
    events = decide(state, command, ctx.now_iso)
    new_state = after(state, events)
    added = next(e for e in events if isinstance(e, ReplyAdded | NoteAdded))
    version = state.version + 1
    data = added.to_data()
    row = (row_from_reply if isinstance(added, ReplyAdded) else row_from_note)(
        command.ticket_id, version, data)
    return Decision(
        appends=(repository.ticket_append(state, command.ticket_id, events),),
        result={**ticket_result(new_state), "conversation": conversation_json(row)},
    )
