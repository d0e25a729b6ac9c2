"""Decide replies and notes: adding them, editing notes, deleting either."""

from __future__ import annotations

from . import validation as valid
from .codes import DONE_STATUSES, Status
from .commands import AddNote, AddReply, DeleteConversation, EditNote
from .errors import ConversationAlreadyExists, ConversationNotEditable, ConversationNotFound
from .events import (
    ConversationDeleted,
    DomainEvent,
    NoteAdded,
    NoteEdited,
    ReplyAdded,
    TicketStatusChanged,
)
from .state import ConversationState, TicketState
from .text import html_to_text


def decide_add_reply(state: TicketState, command: AddReply, now: str) -> list[DomainEvent]:
    """Add a reply; one from the requester reopens a resolved or closed ticket."""
    body = _check_new_conversation(state, command.conversation_id, command.body)
    checked = valid.collect({
        "cc_emails": lambda: valid.emails("cc_emails", command.cc_emails),
        "bcc_emails": lambda: valid.emails("bcc_emails", command.bcc_emails),
        "user_id": lambda: valid.optional_id("user_id", command.user_id),
        "from_email": lambda: valid.optional_string("from_email", command.from_email),
    })
    cc_emails, bcc_emails = checked["cc_emails"], checked["bcc_emails"]
    incoming = command.user_id is not None and command.user_id == state.requester_id
    to_emails = [state.requester_email] if state.requester_email and not incoming else []
    events: list[DomainEvent] = [
        ReplyAdded(
            conversation_id=command.conversation_id,
            body=body,
            body_text=html_to_text(body),
            user_id=command.user_id,
            incoming=incoming,
            from_email=command.from_email,
            to_emails=to_emails,
            cc_emails=cc_emails,
            bcc_emails=bcc_emails,
            at=now,
            actor_id=command.actor_id,
        )
    ]
    if incoming and state.status in DONE_STATUSES:
        # The customer wrote back about a ticket we thought was done: it needs us again.
        events.append(
            TicketStatusChanged(
                status=Status.OPEN, previous_status=state.status, at=now, actor_id=command.actor_id
            )
        )
    return events


def decide_add_note(state: TicketState, command: AddNote, now: str) -> list[DomainEvent]:
    """Add a note, private unless the command says otherwise."""
    body = _check_new_conversation(state, command.conversation_id, command.body)
    checked = valid.collect({
        "notify_emails": lambda: valid.emails("notify_emails", command.notify_emails),
        "user_id": lambda: valid.optional_id("user_id", command.user_id),
        "private": lambda: valid.optional_bool("private", command.private, True),
        "incoming": lambda: valid.optional_bool("incoming", command.incoming, False),
    })
    notify = checked["notify_emails"]
    return [
        NoteAdded(
            conversation_id=command.conversation_id,
            body=body,
            body_text=html_to_text(body),
            user_id=command.user_id,
            private=checked["private"],
            incoming=checked["incoming"],
            notify_emails=notify,
            at=now,
            actor_id=command.actor_id,
        )
    ]


def decide_edit_note(state: TicketState, command: EditNote, now: str) -> list[DomainEvent]:
    """Replace a note's body; replies cannot be edited, and an unchanged body is a no-op."""
    body = valid.single("body", valid.body, command.body)
    note = _live_conversation(state, command.conversation_id)
    if note.kind != "note":
        raise ConversationNotEditable(command.conversation_id)
    if note.body == body:
        return []
    return [
        NoteEdited(
            conversation_id=note.id,
            body=body,
            body_text=html_to_text(body),
            at=now,
            actor_id=command.actor_id,
        )
    ]


def decide_delete_conversation(
    state: TicketState, command: DeleteConversation, now: str
) -> list[DomainEvent]:
    """Delete a reply or note that is still on the ticket."""
    conversation = _live_conversation(state, command.conversation_id)
    return [ConversationDeleted(conversation_id=conversation.id, at=now, actor_id=command.actor_id)]


def _check_new_conversation(state: TicketState, conversation_id: int, body: object) -> str:
    """Return the checked body of a new reply or note, whose id must be unused."""
    checked = valid.single("body", valid.body, body)
    # Deleted conversations keep their id: reusing it would merge two histories.
    if conversation_id in state.conversations:
        raise ConversationAlreadyExists(conversation_id)
    return checked


def _live_conversation(state: TicketState, conversation_id: int) -> ConversationState:
    conversation = state.conversations.get(conversation_id)
    if conversation is None or conversation.deleted:
        raise ConversationNotFound(conversation_id)
    return conversation
