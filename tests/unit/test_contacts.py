"""Creating contacts: one per e-mail address, and names when none is given."""

import pytest
from django.conf import settings

from people.domain.contact_decide import decide_contact, email_claims
from people.domain.contact_fields import normalise_email
from people.domain.contacts import (
    CONTACT,
    CONTACT_EMAIL,
    ContactAlreadyExists,
    ContactCreated,
    ContactEmailClaimed,
    ContactState,
    CreateContact,
    DuplicateContact,
)
from shopnest.api.errors import domain_response, http_status_of
from shopnest.domain.aggregate import DecisionContext
from shopnest.domain.errors import AlreadyExists, ValidationFailed
from shopnest.eventstore.streams import Stream

from .ticket_builders import at, field_errors

NOW = at(0)
CONTACT_ID = 5


def create(**fields):
    """A new requester's contact, as a ticket creates it (named after its address)."""
    return CreateContact(name_from_email=True, **fields)


def decide_new(command, claim_owner=None, *, actor=None, state=CONTACT.initial):
    """Return (events for the contact stream, events for its e-mail claim stream), deciding
    under the contact id the handler allocated; `claim_owner` already claimed the address."""
    ctx = DecisionContext(now=NOW, actor_id=actor, ids={"contact": CONTACT_ID},
                          refs={"email_owners": {"ann@example.com": claim_owner}})
    contact_events = decide_contact(state, command, ctx)
    return contact_events, [claim for event in contact_events for claim in email_claims(event)]


def rejected(command):
    with pytest.raises(ValidationFailed) as failed:
        decide_new(command)
    return failed.value


def test_a_new_contact_claims_its_address_in_lower_case():
    contact_events, claim_events = decide_new(
        create(name="Ann Lee", email="  Ann.Lee@Example.COM ", phone="555"), actor=7
    )

    assert contact_events == [
        ContactCreated(
            contact_id=5,
            name="Ann Lee",
            email="ann.lee@example.com",
            phone="555",
            at=NOW,
            actor_id=7,
        )
    ]
    assert claim_events == [
        ContactEmailClaimed(email="ann.lee@example.com", contact_id=5, at=NOW, actor_id=7)
    ]


def test_an_address_claimed_by_another_contact_is_a_duplicate():
    with pytest.raises(DuplicateContact) as error:
        decide_new(create(name="Ann", email="ann@example.com"), claim_owner=3)

    duplicate = error.value
    assert isinstance(duplicate, AlreadyExists)
    assert (http_status_of(duplicate), duplicate.code, duplicate.field) == (
        409,
        "duplicate_value",
        "email",
    )
    assert duplicate.existing_id == 3
    assert (duplicate.message, duplicate.additional_info) == (
        "It should be a unique value", {"user_id": 3})


def test_a_duplicate_is_answered_with_the_owner_of_the_address():
    if not settings.configured:  # building a DRF Response reads settings
        pytest.skip("needs the Django settings pytest-django configures")
    with pytest.raises(DuplicateContact) as error:
        decide_new(create(name="Ann", email="ann@example.com"), claim_owner=3)

    # The entry of Freshdesk's `errors` list the API answers with.
    assert domain_response(error.value).data["errors"] == [{
        "field": "email",
        "message": "It should be a unique value",
        "code": "duplicate_value",
        "additional_info": {"user_id": 3},
    }]


def test_a_contact_id_cannot_be_created_twice():
    with pytest.raises(ContactAlreadyExists):
        decide_new(create(name="Ann", email="a@example.com"),
                   state=ContactState(exists=True, id=CONTACT_ID))


def test_a_contact_without_a_name_is_named_after_its_address():
    [created], _ = decide_new(create(email="ann.lee@example.com"))

    assert created.name == "ann.lee"


def test_a_contact_without_name_or_address_needs_a_name():
    assert field_errors(rejected(create(phone="555"))) == {"name": "missing_field"}


def test_a_contact_needs_some_way_to_be_reached():
    failed = rejected(create(name="Ann"))

    assert field_errors(failed) == {"email": "missing_field"}


def test_a_malformed_address_is_refused():
    assert field_errors(rejected(create(name="Ann", email="ann at example"))) == {
        "email": "invalid_value"
    }


def test_a_contact_without_an_address_claims_nothing():
    contact_events, claim_events = decide_new(create(name="Ann", mobile="555"))

    assert len(contact_events) == 1
    assert claim_events == []


def test_addresses_compare_stripped_and_lower_cased():
    assert normalise_email("  Ann@Example.com ") == "ann@example.com"
    assert normalise_email("  ") is None
    assert normalise_email(None) is None


def test_a_contact_stream_folds_into_its_state():
    contact_events, claim_events = decide_new(create(name="Ann", email="ann@example.com"))

    contact = Stream(CONTACT, CONTACT_ID, CONTACT.initial).then(contact_events)
    state = contact.state

    assert (state.exists, state.id, state.name, state.email, contact.version) == (
        True,
        5,
        "Ann",
        "ann@example.com",
        1,
    )
    assert CONTACT.fold([]).exists is False
    assert CONTACT_EMAIL.fold(claim_events) == 5
    assert CONTACT_EMAIL.fold([]) is None
