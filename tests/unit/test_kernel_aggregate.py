"""The kernel's aggregates, decision contexts, and states as plain JSON data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import ClassVar

import pytest

from people.domain.contacts import CONTACT, CONTACT_EMAIL, ContactCreated, ContactEmailClaimed
from shopnest.domain.aggregate import ClaimReleased, DecisionContext, unique_claim
from shopnest.domain.data import from_data, to_data
from shopnest.domain.events import DomainEvent
from tickets.domain.aggregate import TICKET
from tickets.domain.events import ConversationDeleted, NoteEdited
from tickets.domain.state import TicketState

from .ticket_builders import a_ticket, at, created, note, reply, status_changed

# -- aggregates ------------------------------------------------------------------------------


@pytest.mark.parametrize(("aggregate", "key", "stream_id"), [
    (TICKET, 42, "ticket-42"),
    (CONTACT, 7, "contact-7"),
])
def test_a_stream_id_names_the_aggregate_and_gives_its_key_back(aggregate, key, stream_id):
    assert aggregate.stream_id(key) == stream_id
    assert aggregate.key_of(stream_id) == key
    assert type(aggregate.key_of(stream_id)) is type(key)


def test_a_claim_stream_is_named_by_a_keyed_hash_of_the_value_never_the_value():
    stream_id = CONTACT_EMAIL.stream_id("ann@example.com")

    assert stream_id.startswith("contact-email-") and "ann" not in stream_id
    assert stream_id == CONTACT_EMAIL.stream_id("ann@example.com")
    assert stream_id != CONTACT_EMAIL.stream_id("bob@example.com")
    assert CONTACT_EMAIL.legacy_stream_id("ann@example.com") == "contact-email-ann@example.com"


def test_the_claim_hash_depends_on_the_server_secret():
    from shopnest.domain import claims

    before = claims.claim_key("ann@example.com")
    previous = claims._secret
    claims.use_secret(lambda: b"another deployment")
    try:
        assert claims.claim_key("ann@example.com") != before
    finally:
        claims.use_secret(previous)


def test_a_hashed_stream_id_gives_no_key_back():
    with pytest.raises(ValueError):
        CONTACT_EMAIL.key_of(CONTACT_EMAIL.stream_id("ann@example.com"))


@pytest.mark.parametrize(("aggregate", "stream_id"), [
    (TICKET, "contact-7"),
    (TICKET, "tickets-7"),
    (CONTACT, "contact-email-ann@example.com"),
    (CONTACT_EMAIL, "contact-7"),
])
def test_a_stream_of_another_aggregate_has_no_key_here(aggregate, stream_id):
    with pytest.raises(ValueError):
        aggregate.key_of(stream_id)


def test_an_aggregate_folds_from_its_initial_state_or_from_a_given_one():
    events = [created(), status_changed(3, 2, 10)]

    assert TICKET.fold([]) == TICKET.initial
    assert TICKET.fold(events[1:], TICKET.fold(events[:1])) == TICKET.fold(events)


def test_an_aggregate_holds_only_its_own_events():
    assert ContactCreated in CONTACT.events
    assert ContactCreated not in TICKET.events
    assert set(CONTACT_EMAIL.events) == {ContactEmailClaimed, ClaimReleased}


def test_a_claim_stream_is_owned_by_its_first_claimant():
    claims = [ContactEmailClaimed(email="ann@example.com", contact_id=5, at=at(0))]

    assert CONTACT_EMAIL.initial is None
    assert CONTACT_EMAIL.fold(claims) == 5


# -- decision contexts -----------------------------------------------------------------------


def test_a_decision_gets_the_ids_and_references_its_handler_provided():
    ctx = DecisionContext(now=at(0), actor_id=7, ids={"ticket": 12}, refs={"requester": None})

    assert ctx.new_id("ticket") == 12
    assert ctx.ref("requester") is None


def test_a_decision_cannot_use_an_id_its_handler_did_not_allocate():
    ctx = DecisionContext(now=at(0), ids={"ticket": 12})

    with pytest.raises(LookupError, match="conversation"):
        ctx.new_id("conversation")


def test_a_decision_cannot_use_a_reference_its_handler_did_not_load():
    ctx = DecisionContext(now=at(0), refs={"requester": None})

    with pytest.raises(LookupError, match="email_owner"):
        ctx.ref("email_owner")


# -- states as data --------------------------------------------------------------------------


def as_json(value):
    return json.loads(json.dumps(to_data(value)))


def test_a_ticket_state_with_conversations_and_stats_survives_json():
    state = a_ticket(
        status_changed(4, 2, 10),
        reply(10, 20),
        note(11, 30, private=False),
        NoteEdited(conversation_id=11, body="<p>b</p>", body_text="b", at=at(31), actor_id=7),
        ConversationDeleted(conversation_id=10, at=at(40)),
        tags=["vip", "kitchen"], cc_emails=["boss@example.com"],
        custom_fields={"cf_order": "1001", "cf_refund": True, "cf_n": 2.5, "cf_unset": None},
    )

    data = as_json(state)

    assert set(data["conversations"]) == {"10", "11"}  # JSON object keys are strings
    restored = from_data(TicketState, data)
    assert restored == state
    assert list(restored.conversations) == [10, 11]
    assert restored.tags == ("vip", "kitchen")
    assert restored.conversations[10].to_emails == state.conversations[10].to_emails
    assert (restored.stats.resolved_at, restored.stats.first_responded_at) == (at(10), at(20))


def test_the_empty_ticket_survives_json():
    assert from_data(TicketState, as_json(TICKET.initial)) == TICKET.initial


def test_a_contact_state_survives_json():
    state = CONTACT.fold([ContactCreated(contact_id=5, name="Ann", email="ann@example.com",
                                         phone="555", at=at(0), actor_id=7)])

    assert from_data(type(state), as_json(state)) == state
    assert from_data(type(state), as_json(CONTACT.initial)) == CONTACT.initial


@dataclass(frozen=True)
class NicknameClaimed(DomainEvent):
    TYPE: ClassVar[str] = "NicknameClaimed"
    owner_id: int


def test_a_released_claim_is_free_and_can_change_hands():
    claim = unique_claim("test-nickname", NicknameClaimed, owner="owner_id")
    at = "2026-01-01T00:00:00Z"
    assert claim.fold([]) is None
    assert claim.fold([NicknameClaimed(owner_id=1, at=at)]) == 1
    assert claim.fold([NicknameClaimed(owner_id=1, at=at), ClaimReleased(at=at)]) is None
    assert claim.fold([NicknameClaimed(owner_id=1, at=at), ClaimReleased(at=at),
                       NicknameClaimed(owner_id=2, at=at)]) == 2
    assert set(claim.events) == {NicknameClaimed, ClaimReleased}
