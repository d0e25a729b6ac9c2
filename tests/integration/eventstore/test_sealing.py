"""The store seals personal fields on append and opens them on read; a destroyed key leaves
placeholders, refuses new data for its person, and hides plain data written before sealing.
Claims are found under their hashed stream ids and, for old claims, under the plain ones."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from people.domain.contacts import CONTACT, CONTACT_EMAIL, ContactCreated, ContactEmailClaimed
from shopnest.domain.aggregate import ClaimReleased
from shopnest.domain.errors import PersonErased
from shopnest.domain.events import ERASED_TEXT
from shopnest.eventstore import keys, store, streams
from shopnest.eventstore.errors import RetryableAppendError
from shopnest.eventstore.records import NewEvent, StreamAppend

AT = "2024-05-01T09:00:00Z"


def created(contact_id: int = 5) -> ContactCreated:
    return ContactCreated(contact_id=contact_id, name="Ann Lee", email="ann@example.com",
                          phone="+1 555 0100", at=AT)


def append(stream_id: str, *events: NewEvent) -> None:
    with transaction.atomic():
        store.append([StreamAppend(stream_id, "contact", None, tuple(events))], {})


def stored_data(stream_id: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT data::text FROM es_events WHERE stream_id = %s ORDER BY version",
                       [stream_id])
        return [row[0] for row in cursor.fetchall()]


def key_row(person: str):
    with connection.cursor() as cursor:
        cursor.execute("SELECT key IS NOT NULL, destroyed_at IS NOT NULL FROM shopnest_person_key "
                       "WHERE person = %s", [person])
        return cursor.fetchone()


def test_personal_fields_are_stored_sealed_and_read_in_plain():
    append("contact-5", *streams.new_events([created()]))

    [data] = stored_data("contact-5")
    assert "Ann" not in data and "ann@example.com" not in data and "555" not in data
    assert '"contact_id": 5' in data  # what is not personal stays plain
    assert [r.event for r in store.read_stream("contact-5")] == [created()]
    assert key_row("contact:5") == (True, False)


def test_a_destroyed_key_leaves_placeholders_and_a_tombstone():
    append("contact-5", *streams.new_events([created()]))

    with transaction.atomic():
        keys.destroy(["contact:5"])

    [record] = store.read_stream("contact-5")
    assert (record.event.name, record.event.email, record.event.phone) == (ERASED_TEXT, None, None)
    assert record.event.contact_id == 5
    assert key_row("contact:5") == (False, True)


def test_nothing_is_sealed_for_an_erased_person_again():
    append("contact-5", *streams.new_events([created()]))
    with transaction.atomic():
        keys.destroy(["contact:5"])

    with pytest.raises(PersonErased):
        append("contact-5", *streams.new_events([created()]))
    assert len(store.read_stream("contact-5")) == 1


def test_data_written_in_plain_before_sealing_is_hidden_once_its_person_is_erased():
    plain = NewEvent(ContactCreated.TYPE, created(6).to_data())  # no person: not sealed
    append("contact-6", plain)
    assert store.read_stream("contact-6")[0].event == created(6)

    with transaction.atomic():
        keys.destroy(["contact:6"])

    assert store.read_stream("contact-6")[0].event.name == ERASED_TEXT


def test_a_key_made_twice_at_once_makes_the_later_append_retry():
    with transaction.atomic():
        keys.add({"contact:7": b"k" * 32})

    with pytest.raises(RetryableAppendError), transaction.atomic():
        keys.add({"contact:7": b"j" * 32})


def test_a_claim_stream_is_named_by_a_hash_and_holds_the_address_sealed():
    claim = streams.new(CONTACT_EMAIL, "ann@example.com")
    with transaction.atomic():
        store.append([claim.append([ContactEmailClaimed(email="ann@example.com", contact_id=5,
                                                        at=AT)])], {})

    assert "ann" not in claim.stream_id
    assert "ann@example.com" not in stored_data(claim.stream_id)[0]
    assert streams.load(CONTACT_EMAIL, "ann@example.com").state == 5


def test_a_claim_made_before_hashing_is_still_found_and_released_where_it_is():
    legacy = "contact-email-old@example.com"
    append(legacy, NewEvent(ContactEmailClaimed.TYPE, ContactEmailClaimed(
        email="old@example.com", contact_id=8, at=AT).to_data()))

    claim = streams.load(CONTACT_EMAIL, "old@example.com")
    assert (claim.state, claim.stream_id) == (8, legacy)

    with transaction.atomic():
        store.append([claim.append([ClaimReleased(at=AT)])], {})
    free = streams.load(CONTACT_EMAIL, "old@example.com")
    assert (free.state, free.version) == (None, 0)
    assert free.stream_id == CONTACT_EMAIL.stream_id("old@example.com") != legacy


def test_a_contact_stream_reads_back_through_the_aggregate():
    append("contact-9", *streams.new_events([created(9)]))

    assert streams.load(CONTACT, 9).state.name == "Ann Lee"
