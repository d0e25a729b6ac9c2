"""Decide replies and notes: adding them, editing notes, deleting either."""

from __future__ import annotations

from shopnest.domain.aggregate import DecisionContext

from . import validation as valid
from .codes import DONE_STATUSES, Status
from .commands import AddNote, AddReply, DeleteConversation, EditNote
from .decide import _decide, _writable
from .errors import ConversationAlreadyExists, ConversationNotEditable, ConversationNotFound
from .events import (
    ConversationDeleted,
    NoteAdded,
    NoteEdited,
    ReplyAdded,
    TicketEvent,
    TicketStatusChanged,
)
from .state import ConversationState, TicketState
from .text import html_to_text


@_decide.register
def _add_reply(command: AddReply, state: TicketState, ctx: DecisionContext) -> list[TicketEvent]:
    """Add a reply; one from the requester reopens a resolved or closed ticket."""
    _writable(state, command, unless=("deleted", "spam"))
    body = valid.single("body", valid.body, command.body)
    checked = valid.collect({
        "cc_emails": lambda: valid.emails("cc_emails", command.cc_emails),
        "bcc_emails": lambda: valid.emails("bcc_emails", command.bcc_emails),
        "user_id": lambda: valid.optional_id("user_id", command.user_id),
        "from_email": lambda: valid.optional_string("from_email", command.from_email),
    })
    conversation_id = _new_conversation_id(state, ctx)
    user_id = _author(checked["user_id"], ctx)
    incoming = user_id is not None and user_id == state.requester_id
    to_emails = [state.requester_email] if state.requester_email and not incoming else []
    events: list[TicketEvent] = [
        ReplyAdded(
            conversation_id=conversation_id, body=body, body_text=html_to_text(body),
            user_id=user_id, incoming=incoming, from_email=checked["from_email"],
            to_emails=to_emails, cc_emails=checked["cc_emails"],
            bcc_emails=checked["bcc_emails"], at=ctx.now, actor_id=ctx.actor_id,
            recipient_id=state.requester_id if to_emails else None,
        )
    ]
    if incoming and state.status in DONE_STATUSES:
        # The customer wrote back about a ticket we thought was done: it needs us again.
        events.append(TicketStatusChanged(status=Status.OPEN, previous_status=state.status,
                                          at=ctx.now, actor_id=ctx.actor_id))
    return events


@_decide.register
def _add_note(command: AddNote, state: TicketState, ctx: DecisionContext) -> list[TicketEvent]:
    """Add a note, private unless the command says otherwise."""
    _writable(state, command, unless=("deleted", "spam"))
    body = valid.single("body", valid.body, command.body)
    checked = valid.collect({
        "notify_emails": lambda: valid.emails("notify_emails", command.notify_emails),
        "user_id": lambda: valid.optional_id("user_id", command.user_id),
        "private": lambda: valid.optional_bool("private", command.private, True),
        "incoming": lambda: valid.optional_bool("incoming", command.incoming, False),
    })
    return [
        NoteAdded(
            conversation_id=_new_conversation_id(state, ctx), body=body,
            body_text=html_to_text(body), user_id=_author(checked["user_id"], ctx),
            private=checked["private"], incoming=checked["incoming"],
            notify_emails=checked["notify_emails"], at=ctx.now, actor_id=ctx.actor_id,
        )
    ]


@_decide.register
def _edit_note(command: EditNote, state: TicketState, ctx: DecisionContext) -> list[TicketEvent]:
    """Replace a note's body; replies cannot be edited, and an unchanged body is a no-op."""
    _writable(state, command, unless=("deleted", "spam"))
    body = valid.single("body", valid.body, command.body)
    note = _live_conversation(state, command.conversation_id)
    if note.kind != "note":
        raise ConversationNotEditable(command.conversation_id)
    if note.body == body:
        return []
    return [NoteEdited(conversation_id=note.id, body=body, body_text=html_to_text(body),
                       at=ctx.now, actor_id=ctx.actor_id)]


@_decide.register
def _delete_conversation(
    command: DeleteConversation, state: TicketState, ctx: DecisionContext
) -> list[TicketEvent]:
    """Delete a reply or note that is still on the ticket."""
    _writable(state, command, unless=("deleted", "spam"))
    conversation = _live_conversation(state, command.conversation_id)
    return [ConversationDeleted(conversation_id=conversation.id, at=ctx.now,
                                actor_id=ctx.actor_id)]


def _author(user_id: int | None, ctx: DecisionContext) -> int | None:
    """The author is the user the client named, or else whoever sent the command."""
    return user_id if user_id is not None else ctx.actor_id


def _new_conversation_id(state: TicketState, ctx: DecisionContext) -> int:
    conversation_id = ctx.new_id("conversation")
    # Deleted conversations keep their id: reusing it would merge two histories.
    if conversation_id in state.conversations:
        raise ConversationAlreadyExists(conversation_id)
    return conversation_id


def _live_conversation(state: TicketState, conversation_id: int) -> ConversationState:
    conversation = state.conversations.get(conversation_id)
    if conversation is None or conversation.deleted:
        raise ConversationNotFound(conversation_id)
    return conversation
