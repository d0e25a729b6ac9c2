"""Replies and notes: who they go to, reopening, editing notes, deleting."""

import pytest

from shopnest.api.errors import http_status_of
from shopnest.domain.errors import AlreadyExists, NotAllowed, NotFound
from tickets.domain.commands import AddNote, AddReply, DeleteConversation, EditNote
from tickets.domain.errors import (
    ConversationAlreadyExists,
    ConversationNotEditable,
    ConversationNotFound,
    ValidationFailed,
)
from tickets.domain.events import (
    ConversationDeleted,
    NoteAdded,
    NoteEdited,
    ReplyAdded,
    TicketStatusChanged,
)

from . import ticket_builders
from .ticket_builders import (
    AGENT_ID,
    NEW_CONVERSATION_ID,
    REQUESTER_EMAIL,
    REQUESTER_ID,
    TICKET_ID,
    a_ticket,
    at,
    field_errors,
    note,
    reply,
    status_changed,
    then_state,
)


def add_reply(body="<p>On its way!</p>", user_id=AGENT_ID, **fields):
    return AddReply(ticket_id=TICKET_ID, body=body, user_id=user_id, **fields)


def add_note(body="<p>Called the courier</p>", **fields):
    return AddNote(ticket_id=TICKET_ID, body=body, user_id=AGENT_ID, **fields)


def edit_note(conversation_id, body="<p>Courier says Wednesday</p>"):
    return EditNote(conversation_id=conversation_id, body=body)


def when(state, command, minutes=60, *, actor=AGENT_ID, conversation_id=NEW_CONVERSATION_ID):
    """Decide `command` sent by `actor` (the agent unless told); a new reply or note gets
    `conversation_id`."""
    return ticket_builders.when(state, command, minutes, actor=actor,
                                ids={"conversation": conversation_id})


def test_an_agent_reply_goes_to_the_requester():
    events = when(
        a_ticket(),
        add_reply(from_email="support@shopnest.test", cc_emails=["boss@example.com"]),
    )

    assert events == [
        ReplyAdded(
            conversation_id=10,
            body="<p>On its way!</p>",
            body_text="On its way!",
            user_id=AGENT_ID,
            incoming=False,
            from_email="support@shopnest.test",
            to_emails=[REQUESTER_EMAIL],
            cc_emails=["boss@example.com"],
            bcc_emails=[],
            at=at(60),
            actor_id=AGENT_ID,
            recipient_id=REQUESTER_ID,
        )
    ]


def test_a_reply_to_a_requester_without_email_has_no_recipient():
    [event] = when(a_ticket(requester_email=None), add_reply())

    assert event.to_emails == []


def test_a_reply_from_the_requester_is_incoming_and_addressed_to_nobody():
    [event] = when(a_ticket(), add_reply(user_id=REQUESTER_ID), actor=REQUESTER_ID)

    assert (event.incoming, event.to_emails) == (True, [])


@pytest.mark.parametrize("done_status", [4, 5])
def test_a_reply_from_the_requester_reopens_a_resolved_or_closed_ticket(done_status):
    state = a_ticket(status_changed(done_status, 2, 30))

    events = when(state, add_reply(user_id=REQUESTER_ID), actor=REQUESTER_ID)

    assert events[1:] == [
        TicketStatusChanged(status=2, previous_status=done_status, at=at(60), actor_id=REQUESTER_ID)
    ]
    assert then_state(state, events).status == 2


@pytest.mark.parametrize("status", [2, 3])
def test_a_reply_from_the_requester_leaves_an_unfinished_ticket_in_its_status(status):
    state = a_ticket(status=status)

    assert len(when(state, add_reply(user_id=REQUESTER_ID), actor=REQUESTER_ID)) == 1


def test_an_agent_reply_does_not_reopen_a_resolved_ticket():
    state = a_ticket(status_changed(4, 2, 30))

    assert [type(event) for event in when(state, add_reply())] == [ReplyAdded]


def test_a_note_is_private_by_default():
    [event] = when(a_ticket(), add_note())

    assert event == NoteAdded(
        conversation_id=10,
        body="<p>Called the courier</p>",
        body_text="Called the courier",
        user_id=AGENT_ID,
        private=True,
        incoming=False,
        notify_emails=[],
        at=at(60),
        actor_id=AGENT_ID,
    )


def test_a_public_note_can_notify_people():
    [event] = when(a_ticket(), add_note(private=False, notify_emails=["lead@shopnest.test"]))

    assert (event.private, event.notify_emails) == (False, ["lead@shopnest.test"])


@pytest.mark.parametrize("body", ["", "   \n", None])
@pytest.mark.parametrize("command", [add_reply, add_note], ids=["reply", "note"])
def test_a_reply_or_note_needs_a_body(command, body):
    with pytest.raises(ValidationFailed) as failed:
        when(a_ticket(), command(body=body))

    [error] = failed.value.errors
    assert (error.field, error.code, error.message) == (
        "body",
        "missing_field",
        "Mandatory attribute missing",
    )


def test_a_conversation_id_cannot_be_reused_even_after_deletion():
    state = a_ticket(note(10, 5), ConversationDeleted(conversation_id=10, at=at(6)))

    with pytest.raises(ConversationAlreadyExists) as error:
        when(state, add_reply(), conversation_id=10)

    assert isinstance(error.value, AlreadyExists)
    assert (http_status_of(error.value), error.value.code) == (409, "duplicate_value")


def test_replies_and_notes_are_kept_in_the_state():
    state = a_ticket(reply(10, 5), note(11, 6, private=False))

    assert state.conversations[10].kind == "reply"
    assert state.conversations[10].private is False
    assert state.conversations[11].kind == "note"
    assert state.conversations[11].private is False
    assert state.conversations[11].created_at == at(6)


@pytest.mark.parametrize("event", [reply(10, 30), note(10, 30)], ids=["reply", "note"])
def test_a_reply_or_note_moves_the_tickets_updated_at(event):
    state = a_ticket(event)

    assert (state.created_at, state.updated_at) == (at(0), at(30))


def test_editing_a_note_replaces_its_body():
    state = a_ticket(note(10, 5))

    events = when(state, edit_note(10))

    assert events == [
        NoteEdited(
            conversation_id=10,
            body="<p>Courier says Wednesday</p>",
            body_text="Courier says Wednesday",
            at=at(60),
            actor_id=AGENT_ID,
        )
    ]
    edited = then_state(state, events).conversations[10]
    assert (edited.body, edited.created_at, edited.updated_at) == (
        "<p>Courier says Wednesday</p>",
        at(5),
        at(60),
    )


def test_editing_a_note_to_the_same_body_does_nothing():
    state = a_ticket(note(10, 5))

    assert when(state, edit_note(10, body=state.conversations[10].body)) == []


def test_a_reply_cannot_be_edited():
    with pytest.raises(ConversationNotEditable) as error:
        when(a_ticket(reply(10, 5)), edit_note(10))

    assert isinstance(error.value, NotAllowed)
    assert http_status_of(error.value) == 405


def test_editing_a_note_to_an_empty_body_is_refused():
    with pytest.raises(ValidationFailed) as failed:
        when(a_ticket(note(10, 5)), edit_note(10, body=" "))

    assert field_errors(failed.value) == {"body": "missing_field"}


@pytest.mark.parametrize(
    "given",
    [(), (note(10, 5), ConversationDeleted(conversation_id=10, at=at(6)))],
    ids=["missing", "deleted"],
)
def test_a_missing_or_deleted_note_cannot_be_edited(given):
    with pytest.raises(ConversationNotFound) as error:
        when(a_ticket(*given), edit_note(10))

    assert isinstance(error.value, NotFound)
    assert http_status_of(error.value) == 404


@pytest.mark.parametrize("given", [reply(10, 5), note(10, 5)], ids=["reply", "note"])
def test_deleting_a_conversation_marks_it_deleted(given):
    state = a_ticket(given)

    events = when(state, DeleteConversation(conversation_id=10), actor=None)

    assert events == [ConversationDeleted(conversation_id=10, at=at(60))]
    assert then_state(state, events).conversations[10].deleted is True


def test_a_conversation_cannot_be_deleted_twice():
    state = a_ticket(note(10, 5), ConversationDeleted(conversation_id=10, at=at(6)))

    with pytest.raises(ConversationNotFound):
        when(state, DeleteConversation(conversation_id=10))


def test_a_conversation_that_does_not_exist_cannot_be_deleted():
    with pytest.raises(ConversationNotFound):
        when(a_ticket(), DeleteConversation(conversation_id=99))
