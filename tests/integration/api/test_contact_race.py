"""Two requests creating contacts with one address at the same moment: one contact, and one
409 naming it, never a 500 or a generic conflict."""

from __future__ import annotations

import threading

import pytest

from people.domain.contacts import CreateContact, DuplicateContact
from shopnest.eventstore import ids, store
from shopnest.eventstore.records import NewEvent
from shopnest.mediator import MessageContext, mediator
from tests.integration.api.conftest import Api
from tests.integration.api.contacts import new_contact_body
from tests.integration.eventstore.helpers import held_append, run_together

ROUNDS = 5


def test_of_two_creates_racing_for_one_address_one_wins_and_the_other_gets_409_naming_it(agent):
    left, right = Api(agent.key), Api(agent.key)
    for round_ in range(ROUNDS):
        address = f"race-{round_}@example.com"

        responses = run_together(
            lambda a=address: left.post("contacts", new_contact_body(name="Left", email=a)),
            lambda a=address: right.post("contacts", new_contact_body(name="Right", email=a)))

        statuses = sorted(r.status_code for r in responses)
        assert statuses == [201, 409], [r.content for r in responses]
        winner = next(r for r in responses if r.status_code == 201).json()
        loser = next(r for r in responses if r.status_code == 409).json()
        [error] = loser["errors"]
        assert (error["code"], error["field"]) == ("duplicate_value", "email")
        assert error["additional_info"] == {"user_id": winner["id"]}
        assert [c["id"] for c in left.get("contacts", {"email": address}).json()] == [
            winner["id"]]


@pytest.fixture
def side_connection_closed():
    """A re-decision allocates its id inside the transaction, on the id allocator's side
    connection: close it before the test database is dropped."""
    yield
    ids.close()


def test_a_create_that_loses_the_append_is_decided_again_and_sees_the_owner(
        side_connection_closed):
    """The claim is taken by a transaction that commits while this create is appending:
    its append conflicts, the mediator re-decides it and refuses with the owner's id."""
    address, owner = "late@example.com", 4242
    claim = NewEvent("ContactEmailClaimed", {"email": address, "contact_id": owner,
                                             "at": "2026-01-01T00:00:00Z", "actor_id": None})
    with held_append(f"contact-email-{address}", 0, claim) as held:
        threading.Timer(0.5, held.commit).start()

        with pytest.raises(DuplicateContact) as refused:
            mediator.send(CreateContact(name="Late", email=address),
                          MessageContext(actor_id=1, actor_type="agent", via="api"))

    assert (refused.value.existing_id, refused.value.field) == (owner, "email")
    assert [e.data["contact_id"] for e in store.read_stream(f"contact-email-{address}")] == [
        owner]
