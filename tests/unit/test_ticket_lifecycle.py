"""Deleting, restoring and spam: what a trashed or spam ticket still accepts."""

import pytest

from shopnest.api.errors import http_status_of
from shopnest.domain.errors import NotAllowed
from tickets.api.representation import ticket_json
from tickets.domain.commands import (
    AddNote,
    AddReply,
    DeleteConversation,
    DeleteTicket,
    EditNote,
    MarkSpam,
    RestoreTicket,
    UnmarkSpam,
    UpdateTicket,
)
from tickets.domain.errors import TicketNotWritable
from tickets.domain.events import (
    TicketDeleted,
    TicketMarkedSpam,
    TicketRestored,
    TicketUnmarkedSpam,
)

from .ticket_builders import AGENT_ID, TICKET_ID, a_ticket, at, note, then_state, when

WRITES = [
    UpdateTicket(ticket_id=TICKET_ID, changes={"status": 3}),
    AddReply(ticket_id=TICKET_ID, body="hi", user_id=AGENT_ID),
    AddNote(ticket_id=TICKET_ID, body="hi", user_id=AGENT_ID),
    EditNote(conversation_id=1, body="changed"),
    DeleteConversation(conversation_id=1),
]


def a_deleted_ticket():
    return a_ticket(note(1, 5), TicketDeleted(at=at(10)))


def a_spam_ticket():
    return a_ticket(note(1, 5), TicketMarkedSpam(at=at(10)))


def name_of(command):
    return type(command).__name__


@pytest.mark.parametrize(
    "command",
    [*WRITES, DeleteTicket(ticket_id=TICKET_ID), MarkSpam(ticket_id=TICKET_ID)],
    ids=name_of,
)
def test_a_deleted_ticket_refuses_changes_with_405(command):
    with pytest.raises(TicketNotWritable) as error:
        when(a_deleted_ticket(), command)

    assert isinstance(error.value, NotAllowed)
    assert http_status_of(error.value) == 405
    assert error.value.message == "This ticket is deleted and cannot be changed"


@pytest.mark.parametrize("command", WRITES, ids=name_of)
def test_a_spam_ticket_refuses_changes_with_405(command):
    with pytest.raises(TicketNotWritable) as error:
        when(a_spam_ticket(), command)

    assert isinstance(error.value, NotAllowed)
    assert http_status_of(error.value) == 405
    assert error.value.message == "This ticket is spam and cannot be changed"


def test_deleting_a_ticket_moves_it_to_the_trash():
    state = a_ticket()

    events = when(state, DeleteTicket(ticket_id=TICKET_ID), actor=AGENT_ID)

    assert events == [TicketDeleted(at=at(60), actor_id=AGENT_ID)]
    assert ticket_json(then_state(state, events))["deleted"] is True


def test_a_spam_ticket_can_still_be_deleted():
    assert when(a_spam_ticket(), DeleteTicket(ticket_id=TICKET_ID)) == [TicketDeleted(at=at(60))]


def test_restoring_a_deleted_ticket_makes_it_writable_again():
    state = a_deleted_ticket()

    events = when(state, RestoreTicket(ticket_id=TICKET_ID))

    assert events == [TicketRestored(at=at(60))]
    restored = then_state(state, events)
    assert restored.deleted is False
    assert when(restored, UpdateTicket(ticket_id=TICKET_ID, changes={"status": 3}))


def test_restoring_a_ticket_that_is_not_deleted_does_nothing():
    assert when(a_ticket(), RestoreTicket(ticket_id=TICKET_ID)) == []


def test_marking_a_ticket_as_spam_flags_it():
    state = a_ticket()

    events = when(state, MarkSpam(ticket_id=TICKET_ID))

    assert events == [TicketMarkedSpam(at=at(60))]
    assert ticket_json(then_state(state, events))["spam"] is True


def test_marking_a_spam_ticket_as_spam_again_does_nothing():
    assert when(a_spam_ticket(), MarkSpam(ticket_id=TICKET_ID)) == []


def test_unmarking_spam_makes_the_ticket_writable_again():
    state = a_spam_ticket()

    events = when(state, UnmarkSpam(ticket_id=TICKET_ID))

    assert events == [TicketUnmarkedSpam(at=at(60))]
    assert then_state(state, events).spam is False


def test_unmarking_a_ticket_that_is_not_spam_does_nothing():
    assert when(a_ticket(), UnmarkSpam(ticket_id=TICKET_ID)) == []


def test_a_deleted_spam_ticket_can_leave_spam_while_in_the_trash():
    state = a_ticket(TicketMarkedSpam(at=at(5)), TicketDeleted(at=at(6)))

    assert when(state, UnmarkSpam(ticket_id=TICKET_ID)) == [TicketUnmarkedSpam(at=at(60))]
