"""Events survive the trip to JSON and back unchanged."""

import json

import pytest

from people.domain.contacts import (
    CONTACT,
    CONTACT_EMAIL,
    ContactCreated,
    ContactDeleted,
    ContactEmailClaimed,
    ContactRestored,
    ContactUpdated,
)
from shopnest.domain.aggregate import ClaimReleased
from shopnest.domain.events import UnknownEventType, decode, event_class
from tickets.domain.aggregate import TICKET
from tickets.domain.codes import Status
from tickets.domain.events import (
    ConversationDeleted,
    NoteAdded,
    NoteEdited,
    ReplyAdded,
    TicketAssigned,
    TicketCreated,
    TicketDeleted,
    TicketGroupChanged,
    TicketMarkedSpam,
    TicketPriorityChanged,
    TicketPropertiesChanged,
    TicketRestored,
    TicketStatusChanged,
    TicketUnmarkedSpam,
    WatcherAdded,
    WatcherRemoved,
)

from .ticket_builders import AGENT_ID, at, created, note, reply

TICKET_EVENTS = [
    created(tags=["vip"], cc_emails=["a@example.com"], custom_fields={"cf_a": {"b": [1]}}),
    TicketPropertiesChanged(changes={"subject": "x", "tags": ["a"]}, at=at(1), actor_id=AGENT_ID),
    TicketStatusChanged(status=4, previous_status=2, at=at(2), actor_id=AGENT_ID),
    TicketPriorityChanged(priority=3, at=at(3)),
    TicketAssigned(responder_id=None, at=at(4)),
    TicketGroupChanged(group_id=8, at=at(5)),
    reply(10, 6),
    note(11, 7),
    NoteEdited(conversation_id=11, body="<p>b</p>", body_text="b", at=at(8)),
    ConversationDeleted(conversation_id=10, at=at(9)),
    TicketDeleted(at=at(10)),
    TicketRestored(at=at(11)),
    TicketMarkedSpam(at=at(12)),
    TicketUnmarkedSpam(at=at(13)),
    WatcherAdded(user_id=7, at=at(14)),
    WatcherRemoved(user_id=7, at=at(15), actor_id=AGENT_ID),
]
CONTACT_EVENTS = [
    ContactCreated(contact_id=5, name="Ann", email="ann@example.com", phone="123", at=at(0)),
    ContactUpdated(name="Ann Lee", email="ann@example.com", other_emails=["a@example.org"],
                   other_companies=[{"company_id": 3, "view_all_tickets": True}],
                   tags=["vip"], custom_fields={"cf_size": 42, "cf_ok": True}, at=at(1)),
    ContactDeleted(at=at(2)),
    ContactRestored(at=at(3), actor_id=2),
    ContactEmailClaimed(email="ann@example.com", contact_id=5, at=at(0)),
    ClaimReleased(at=at(1), actor_id=2),
]


def name_of(event):
    return event.TYPE


@pytest.mark.parametrize("event", TICKET_EVENTS, ids=name_of)
def test_a_ticket_event_reads_back_equal_from_its_json(event):
    data = json.loads(json.dumps(event.to_data()))

    assert decode(event.TYPE, 1, data) == event
    assert type(event).from_data(data) == event


@pytest.mark.parametrize("event", CONTACT_EVENTS, ids=name_of)
def test_a_contact_event_reads_back_equal_from_its_json(event):
    data = json.loads(json.dumps(event.to_data()))

    assert decode(event.TYPE, type(event).SCHEMA_VERSION, data) == event


def test_a_contact_created_before_contacts_had_details_reads_with_their_defaults():
    v1 = {"contact_id": 5, "name": "Ann", "email": "ann@example.com", "phone": None,
          "mobile": None, "twitter_id": None, "unique_external_id": None,
          "at": at(0), "actor_id": None}

    assert decode("ContactCreated", 1, v1) == ContactCreated(
        contact_id=5, name="Ann", email="ann@example.com", at=at(0))


def test_every_ticket_event_type_is_registered_under_its_class_name():
    assert {type(event) for event in TICKET_EVENTS} == set(TICKET.events)
    assert {type(event) for event in CONTACT_EVENTS} == {*CONTACT.events, *CONTACT_EMAIL.events}
    for cls in (*TICKET.events, *CONTACT.events, *CONTACT_EMAIL.events):
        assert event_class(cls.TYPE) is cls
        assert cls.TYPE == cls.__name__


def test_every_event_says_when_it_happened_and_who_did_it():
    for event in TICKET_EVENTS + CONTACT_EVENTS:
        assert {"at", "actor_id"} <= set(event.to_data())


def test_an_event_holds_plain_json_values_whatever_it_was_given():
    event = TicketStatusChanged(status=Status.OPEN, previous_status=Status.CLOSED, at=at(0))
    created_with_tuples = created(tags=("a", "b"), cc_emails=("c@example.com",))

    assert type(event.status) is int
    assert created_with_tuples.tags == ["a", "b"]
    assert created_with_tuples == TicketCreated.from_data(created_with_tuples.to_data())


def test_to_data_returns_a_copy_that_cannot_change_the_event():
    event = created(tags=["vip"])

    event.to_data()["tags"].append("changed")

    assert event.tags == ["vip"]


def test_an_event_stored_before_a_field_existed_reads_with_its_default():
    data = created().to_data()
    del data["fr_due_by"]

    assert decode("TicketCreated", 1, data).fr_due_by is None


def test_an_unknown_event_type_cannot_be_read():
    with pytest.raises(UnknownEventType, match="TicketExploded"):
        decode("TicketExploded", 1, {})


def test_a_reply_event_keeps_all_its_recipients():
    event = ReplyAdded(
        conversation_id=1,
        body="b",
        body_text="b",
        user_id=1,
        to_emails=["to@example.com"],
        cc_emails=["cc@example.com"],
        bcc_emails=["bcc@example.com"],
        at=at(0),
    )

    assert ReplyAdded.from_data(event.to_data()) == event
    assert NoteAdded.from_data(note(1, 0).to_data()).private is True
