"""Creating, changing, deleting and restoring contacts: given events, when a command, then
events (or a refusal), and the address claims each decision takes or gives up."""

from __future__ import annotations

from dataclasses import replace

import pytest

from people.domain.contact_decide import (
    agent_registration,
    claim_changes,
    decide_contact,
    decide_delete,
    decide_restore,
    decide_update,
)
from people.domain.contacts import (
    ContactDeleted,
    ContactEmailClaimed,
    ContactIsDeleted,
    ContactNotFound,
    ContactRestored,
    ContactState,
    ContactUpdated,
    CreateContact,
    DeleteContact,
    DuplicateContact,
    MakeContactAgent,
    OtherCompany,
    RestoreContact,
    UpdateContact,
)
from shopnest.api.errors import http_status_of
from shopnest.domain.aggregate import ClaimReleased
from shopnest.domain.errors import ValidationFailed

from .contact_builders import ANN, CONTACT_ID, contact, created, ctx
from .ticket_builders import at, field_errors


def update(state: ContactState, context=None, **changes):
    return decide_update(state, UpdateContact(contact_id=CONTACT_ID, changes=changes),
                         context or ctx())


def refused(call, *args, **kwargs) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as failed:
        call(*args, **kwargs)
    return field_errors(failed.value)


# -- create ---------------------------------------------------------------------------------

def test_a_new_contact_holds_every_detail_it_was_given_and_defaults_for_the_rest():
    [event] = decide_contact(ContactState(), CreateContact(
        name=" Ann Lee ", email="Ann@Example.com", other_emails=["A.Lee@Work.example"],
        job_title="Buyer", tags=["vip"], custom_fields={"cf_tier": 2}), ctx())

    state = contact(event).state
    assert (state.name, state.email, state.other_emails) == (
        "Ann Lee", ANN, ("a.lee@work.example",))
    assert (state.job_title, state.tags, dict(state.custom_fields)) == ("Buyer", ("vip",),
                                                                        {"cf_tier": 2})
    assert (state.language, state.active, state.deleted, state.view_all_tickets) == (
        "en", False, False, False)
    assert state.created_at == state.updated_at == at(1)


def test_the_contacts_api_insists_on_a_name():
    assert refused(decide_contact, ContactState(), CreateContact(email=ANN), ctx()) == {
        "name": "missing_field"}


def test_an_address_of_another_contact_among_other_emails_is_a_duplicate_naming_its_owner():
    with pytest.raises(DuplicateContact) as error:
        decide_contact(ContactState(), CreateContact(
            name="Ann", email=ANN, other_emails=["bob@example.com"]),
            ctx(owners={ANN: None, "bob@example.com": 3}))

    assert (error.value.field, error.value.additional_info) == ("other_emails", {"user_id": 3})
    assert http_status_of(error.value) == 409


def test_more_than_ten_other_addresses_are_refused():
    others = [f"a{i}@example.com" for i in range(11)]

    assert refused(decide_contact, ContactState(),
                   CreateContact(name="Ann", email=ANN, other_emails=others),
                   ctx()) == {"other_emails": "invalid_value"}


def test_the_primary_address_is_not_kept_twice():
    [event] = decide_contact(ContactState(), CreateContact(
        name="Ann", email=ANN, other_emails=["ANN@example.com", "b@example.com"]), ctx())

    assert event.other_emails == ["b@example.com"]


def test_a_company_must_exist():
    command = CreateContact(name="Ann", email=ANN, company_id=4,
                            other_companies=[{"company_id": 9}])

    assert refused(decide_contact, ContactState(), command, ctx(companies={4: True})) == {
        "other_companies": "invalid_value"}
    assert refused(decide_contact, ContactState(), command, ctx(companies={9: True})) == {
        "company_id": "invalid_value"}
    [event] = decide_contact(ContactState(), command, ctx(companies={4: True, 9: True}))
    assert contact(event).state.other_companies == (OtherCompany(9, False),)


@pytest.mark.parametrize(("fields", "field"), [
    ({"name": "A\x00nn"}, "name"),
    ({"name": "x" * 256}, "name"),
    ({"name": 42}, "name"),
    ({"job_title": "\ud800"}, "job_title"),
    ({"tags": "vip"}, "tags"),
    ({"tags": [{"a": 1}]}, "tags"),
    ({"custom_fields": {"cf_a": {"nested": 1}}}, "custom_fields"),
    ({"custom_fields": {"cf_a": float("nan")}}, "custom_fields"),
    ({"custom_fields": {"cf_a": 2**70}}, "custom_fields"),
    ({"company_id": 2**63}, "company_id"),
    ({"company_id": "4"}, "company_id"),
    ({"view_all_tickets": "yes"}, "view_all_tickets"),
    ({"other_companies": [{"company_id": 4, "extra": 1}]}, "other_companies"),
    ({"other_companies": [4]}, "other_companies"),
    ({"language": "klingon"}, "language"),
    ({"other_emails": "a@example.com"}, "other_emails"),
    ({"other_emails": ["not an address"]}, "other_emails"),
    ({"description": "x" * 70_000}, "description"),
])
def test_a_bad_value_is_refused_field_by_field(fields, field):
    command = CreateContact(**{"name": "Ann", "email": ANN, **fields})

    assert field in refused(decide_contact, ContactState(), command, ctx())


# -- update ---------------------------------------------------------------------------------

def test_an_update_keeps_every_field_it_does_not_name():
    state = contact(created(phone="555", tags=["vip"])).state

    [event] = update(state, job_title="Buyer")

    assert isinstance(event, ContactUpdated)
    after = contact(created(phone="555", tags=["vip"]), event).state
    assert (after.phone, after.tags, after.job_title, after.updated_at) == (
        "555", ("vip",), "Buyer", at(1))


def test_an_update_that_changes_nothing_appends_nothing():
    assert update(contact().state, name="Ann", email="ANN@example.com") == []


def test_an_update_must_leave_a_way_to_reach_the_contact():
    assert refused(update, contact().state, email=None) == {"email": "missing_field"}


def test_an_unknown_field_is_refused():
    assert refused(update, contact().state, shoe_size=9) == {"shoe_size": "invalid_field"}


def test_an_address_the_contact_already_holds_is_not_a_duplicate():
    [event] = update(contact().state, ctx(owners={ANN: CONTACT_ID}), email=None, phone="5",
                     other_emails=[ANN])

    assert (event.email, event.other_emails) == (None, [ANN])


def test_taking_another_contacts_address_is_a_duplicate():
    with pytest.raises(DuplicateContact) as error:
        update(contact().state, ctx(owners={ANN: CONTACT_ID, "bob@example.com": 8}),
               email="bob@example.com")

    assert (error.value.field, error.value.existing_id) == ("email", 8)


def test_a_company_kept_from_before_is_not_checked_again():
    state = contact(created(company_id=4)).state

    [event] = update(state, job_title="Buyer")  # company 4 may be gone since

    assert event.company_id == 4


def test_unknown_and_deleted_contacts_cannot_be_changed():
    with pytest.raises(ContactNotFound):
        update(ContactState(), name="Ann")
    deleted = contact(created(), ContactDeleted(at=at(1))).state
    with pytest.raises(ContactIsDeleted) as error:
        update(deleted, name="Ann B")
    assert http_status_of(error.value) == 405


# -- claims ---------------------------------------------------------------------------------

def test_a_changed_address_is_claimed_and_the_old_one_released():
    before = contact().state
    [event] = update(before, email="ann@new.example", other_emails=["ann@old.example"])
    after = contact(created(), event).state

    changes = claim_changes(before, after, {ANN: CONTACT_ID}, at=at(1), actor_id=7)

    assert [c.email for c in changes.claimed] == ["ann@new.example", "ann@old.example"]
    assert all(isinstance(c, ContactEmailClaimed) and c.contact_id == CONTACT_ID
               for c in changes.claimed)
    assert changes.released == ((ANN, ClaimReleased(at=at(1), actor_id=7)),)


def test_an_address_moved_from_email_to_other_emails_keeps_its_claim():
    before = contact().state
    [event] = update(before, email=None, phone="5", other_emails=[ANN])

    changes = claim_changes(before, contact(created(), event).state, {ANN: CONTACT_ID},
                            at=at(1), actor_id=7)

    assert (changes.claimed, changes.released) == ((), ())


def test_an_address_whose_claim_is_not_the_contacts_is_not_released():
    before = contact().state  # made before its address was claimed
    [event] = update(before, email="ann@new.example")

    changes = claim_changes(before, contact(created(), event).state, {ANN: None},
                            at=at(1), actor_id=7)

    assert changes.released == ()


# -- delete, restore, make agent ------------------------------------------------------------

def test_a_deleted_contact_is_restored_and_restoring_a_live_one_changes_nothing():
    [deleted] = decide_delete(contact().state, DeleteContact(contact_id=CONTACT_ID), ctx())
    state = contact(created(), deleted).state
    [restored] = decide_restore(state, RestoreContact(contact_id=CONTACT_ID), ctx(minutes=2))

    assert (isinstance(deleted, ContactDeleted), state.deleted) == (True, True)
    assert isinstance(restored, ContactRestored)
    assert contact(created(), deleted, restored).state.deleted is False
    assert decide_restore(contact().state, RestoreContact(contact_id=CONTACT_ID), ctx()) == []
    with pytest.raises(ContactIsDeleted):
        decide_delete(state, DeleteContact(contact_id=CONTACT_ID), ctx())


def test_a_contact_becomes_an_agent_with_its_address_and_name():
    command = agent_registration(contact().state, MakeContactAgent(contact_id=CONTACT_ID), "k")

    assert (command.email, command.name, command.api_key) == (ANN, "Ann", "k")


def test_a_contact_without_an_address_cannot_become_an_agent():
    state = contact(created(email=None, phone="555")).state

    assert refused(agent_registration, state, MakeContactAgent(contact_id=CONTACT_ID),
                   "k") == {"email": "missing_field"}


def test_a_new_contact_without_a_company_joins_the_one_holding_its_domain():
    context = ctx()
    joining = replace(context, refs={**context.refs, "domain_company": 12,
                                     "companies": {12: True, 4: True}})

    [joined] = decide_contact(ContactState(), CreateContact(name="Ann", email=ANN), joining)
    [chosen] = decide_contact(ContactState(), CreateContact(name="Ann", email=ANN, company_id=4),
                              joining)

    assert (joined.company_id, chosen.company_id) == (12, 4)
