"""Sealed personal fields: a sealed value opens only with its key, for its person, type and
field; an erased field reads as its placeholder; events say whose data they hold."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from people.domain.contacts import ContactCreated, ContactEmailClaimed, ContactErased
from shopnest.domain.aggregate import Aggregate
from shopnest.domain.events import ERASED_TEXT, DomainEvent
from shopnest.eventstore import streams
from shopnest.eventstore.sealing import open_value, placeholder, seal_value
from tickets.domain.events import NoteAdded, ReplyAdded, TicketCreated

from .ticket_builders import at

KEY = AESGCM.generate_key(bit_length=256)
AAD = b"contact:5|ContactCreated|name"


@pytest.mark.parametrize("value", ["Ann Lee", ["a@example.com", "b@example.com"],
                                   {"cf_city": "Zürich", "cf_n": 3}, "\U0001f600 émoji"])
def test_a_sealed_value_opens_to_itself_and_hides_it(value):
    sealed = seal_value(KEY, AAD, value)

    assert open_value(KEY, AAD, sealed) == value
    assert str(value) not in sealed and "Ann" not in sealed


def test_the_same_value_seals_differently_each_time():
    assert seal_value(KEY, AAD, "Ann") != seal_value(KEY, AAD, "Ann")


def test_a_sealed_value_does_not_open_with_another_key():
    with pytest.raises(InvalidTag):
        open_value(AESGCM.generate_key(bit_length=256), AAD, seal_value(KEY, AAD, "Ann"))


def test_a_sealed_value_moved_to_another_person_or_field_does_not_open():
    sealed = seal_value(KEY, AAD, "Ann")

    for other in (b"contact:6|ContactCreated|name", b"contact:5|ContactCreated|email"):
        with pytest.raises(InvalidTag):
            open_value(KEY, other, sealed)


def test_an_erased_field_reads_as_its_default_or_the_erased_text():
    assert placeholder(ContactCreated, "email") is None
    assert placeholder(ContactCreated, "name") == ERASED_TEXT
    assert placeholder(TicketCreated, "cc_emails") == []
    assert placeholder(ReplyAdded, "body") == ERASED_TEXT


def test_contact_events_are_the_contacts_personal_data():
    created = ContactCreated(contact_id=5, name="Ann", email="ann@example.com", at=at(0))
    claimed = ContactEmailClaimed(email="ann@example.com", contact_id=5, at=at(0))

    assert created.person_of() == claimed.person_of() == "contact:5"
    assert {"name", "email", "phone"} <= set(created.personal_fields())
    assert claimed.personal_fields() == ("email",)
    assert ContactErased(contact_id=5, at=at(1)).personal_fields() == ()


def test_a_ticket_is_sealed_under_its_requester():
    created = TicketCreated(ticket_id=1, requester_id=100, subject="Late", at=at(0))

    assert created.person_of() == "contact:100"
    assert {"subject", "description", "requester_email", "cc_emails"} == set(
        created.personal_fields())


def test_a_reply_is_the_customers_only_when_they_wrote_it():
    def reply(**fields):
        return ReplyAdded(conversation_id=1, body="<p>b</p>", body_text="b", at=at(0), **fields)

    theirs = reply(user_id=100, incoming=True)
    ours = reply(user_id=7, to_emails=["ann@example.com"], recipient_id=100)
    unaddressed = reply(user_id=7)

    assert (theirs.person_of(), "body" in theirs.personal_fields()) == ("contact:100", True)
    assert (ours.person_of(), ours.personal_fields()) == ("contact:100", ("to_emails",))
    assert (unaddressed.person_of(), unaddressed.personal_fields()) == (None, ())


def test_an_agents_note_is_nobodys_personal_data():
    note = NoteAdded(conversation_id=1, body="<p>b</p>", body_text="b", user_id=7, at=at(0))

    assert (note.person_of(), note.personal_fields()) == (None, ())


@dataclass(frozen=True)
class DiaryEntryWritten(DomainEvent):
    """A test event of a stream that is its writer's own: it names no person field."""

    TYPE: ClassVar[str] = "TestDiaryEntryWritten"
    PERSONAL: ClassVar[tuple[str, ...]] = ("text",)

    text: str


DIARY = Aggregate("test-diary", None, lambda state, event: state, DiaryEntryWritten,
                  person_kind="writer")


def test_an_event_of_a_persons_own_stream_is_sealed_under_that_person():
    [appended] = streams.Stream(DIARY, 12, None).append(
        [DiaryEntryWritten(text="dear diary", at=at(0))]).events

    assert (appended.person, appended.personal) == ("writer:12", ("text",))


def test_an_event_naming_its_person_keeps_that_person_in_any_stream():
    created = TicketCreated(ticket_id=1, requester_id=100, subject="Late", at=at(0))

    [appended] = streams.new_events([created], stream_person="writer:12")

    assert appended.person == "contact:100"


@pytest.mark.parametrize(("value", "read_back"), [
    (5.410773573903371e16, 54107735739033710), (1.5, 1.5), (1.0, 1.0), (1e-07, 1e-07),
    (-0.0, 0.0), (12, 12), (2**70, 2**70)])
def test_a_sealed_number_reads_back_as_plain_jsonb_gives_it_back(value, read_back):
    opened = open_value(KEY, AAD, seal_value(KEY, AAD, {"n": value}))["n"]

    assert (opened, type(opened)) == (read_back, type(read_back))


@pytest.mark.parametrize(("value", "read_back"), [
    (5.410773573903371e16, 54107735739033710), (-0.0, 0.0), (2**70, 2**70), (7, 7)])
def test_a_sealed_number_in_a_list_reads_back_as_plain_jsonb_gives_it_back(value, read_back):
    opened = open_value(KEY, AAD, seal_value(KEY, AAD, ["a@example.com", [value]]))

    assert opened == ["a@example.com", [read_back]]
    assert type(opened[1][0]) is type(read_back)
