"""GET /contacts: sorted by name then id, each filter, the states, paging with Link."""

from __future__ import annotations

import time

from tests.integration.api.conftest import error_codes, ids
from tests.integration.api.contacts import create_contact, existing_company


def test_contacts_are_listed_by_name_then_id(api):
    zoe = create_contact(api, name="Zoe")
    ann = create_contact(api, name="Ann")
    ann2 = create_contact(api, name="Ann")

    assert ids(api.get("contacts")) == [ann["id"], ann2["id"], zoe["id"]]


def test_email_finds_a_contact_by_any_of_its_addresses(api):
    ann = create_contact(api, email="ann@example.com", other_emails=["ann@home.example"])
    create_contact(api, name="Bob")

    assert ids(api.get("contacts", {"email": "ANN@example.com"})) == [ann["id"]]
    assert ids(api.get("contacts", {"email": "ann@home.example"})) == [ann["id"]]
    assert ids(api.get("contacts", {"email": "nobody@example.com"})) == []


def test_phone_mobile_and_company_filter_exactly(api):
    company = existing_company()
    phoned = create_contact(api, phone="555-1")
    mobiled = create_contact(api, mobile="777-1")
    employed = create_contact(api, company_id=company)

    assert ids(api.get("contacts", {"phone": "555-1"})) == [phoned["id"]]
    assert ids(api.get("contacts", {"mobile": "777-1"})) == [mobiled["id"]]
    assert ids(api.get("contacts", {"company_id": str(company)})) == [employed["id"]]


def test_deleted_contacts_appear_only_with_state_deleted(api):
    live = create_contact(api, name="Live")
    gone = create_contact(api, name="Gone")
    api.delete(f"contacts/{gone['id']}")

    assert ids(api.get("contacts")) == [live["id"]]
    assert ids(api.get("contacts", {"state": "deleted"})) == [gone["id"]]
    assert ids(api.get("contacts", {"state": "unverified"})) == [live["id"]]
    assert ids(api.get("contacts", {"state": "verified"})) == []
    assert ids(api.get("contacts", {"state": "blocked"})) == []


def test_a_bad_state_or_parameter_is_400(api):
    assert error_codes(api.get("contacts", {"state": "happy"})) == [("state", "invalid_value")]
    assert error_codes(api.get("contacts", {"colour": "red"})) == [("colour", "invalid_field")]
    assert error_codes(api.get("contacts", {"company_id": "x"})) == [
        ("company_id", "datatype_mismatch")]


def test_updated_since_is_inclusive_with_fractional_seconds_under_either_name(api):
    old = create_contact(api, name="Old")
    time.sleep(1.1)
    new = create_contact(api, name="New")
    since = new["updated_at"].replace("Z", ".000000Z")

    assert ids(api.get("contacts", {"updated_since": since})) == [new["id"]]
    assert ids(api.get("contacts", {"_updated_since": new["updated_at"]})) == [new["id"]]
    assert ids(api.get("contacts", {"_updated_since": old["updated_at"]})) == [new["id"],
                                                                                old["id"]]
    assert error_codes(api.get("contacts", {"updated_since": "yesterday"})) == [
        ("updated_since", "invalid_value")]


def test_pages_are_full_until_the_last_and_link_to_the_next_keeping_the_filters(api):
    made = [create_contact(api, name=f"C{i}", tags=["x"])["id"] for i in range(5)]

    first = api.get("contacts", {"per_page": "2", "state": "unverified"})
    last = api.get("contacts", {"per_page": "2", "page": "3", "state": "unverified"})
    beyond = api.get("contacts", {"per_page": "2", "page": "4"})

    assert ids(first) == made[:2]
    assert 'rel="next"' in first["Link"] and "state=unverified" in first["Link"]
    assert "page=2" in first["Link"]
    assert ids(last) == made[4:] and not last.has_header("Link")
    assert ids(beyond) == []
    assert error_codes(api.get("contacts", {"per_page": "101"})) == [("per_page",
                                                                       "invalid_value")]
