"""POST, GET, PUT and DELETE /contacts/{id}, restore; unique addresses (FRESHDESK_API.md §4.2)."""

from __future__ import annotations

from people.domain.companies import DeleteCompany
from shopnest.mediator import MessageContext, mediator
from tests.integration.api.conftest import error_codes
from tests.integration.api.contacts import create_contact, existing_company, new_contact_body

CONTACT_KEYS = {"id", "name", "email", "other_emails", "phone", "mobile", "twitter_id",
                "unique_external_id", "address", "description", "job_title", "language",
                "time_zone", "active", "company_id", "view_all_tickets", "other_companies",
                "tags", "avatar", "custom_fields", "created_at", "updated_at"}


def test_a_created_contact_is_answered_201_with_its_location_and_every_field(api):
    response = api.post("contacts", new_contact_body(
        name="Ann Lee", email="Ann.Lee@Example.com", other_emails=["ann@home.example"],
        phone="+1 555 0100", job_title="Buyer", tags=["vip"], custom_fields={"cf_tier": "gold"},
        description="Freshdesk Contact", view_all_tickets=False))

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == CONTACT_KEYS
    assert response["Location"].endswith(f"/api/v2/contacts/{body['id']}")
    assert (body["email"], body["other_emails"], body["phone"]) == (
        "ann.lee@example.com", ["ann@home.example"], "+1 555 0100")
    assert (body["language"], body["active"], body["avatar"], body["custom_fields"]) == (
        "en", False, None, {"cf_tier": "gold"})
    assert body["created_at"] and body["created_at"] == body["updated_at"]
    assert api.get(f"contacts/{body['id']}").json() == body


def test_a_contact_needs_a_name_and_a_way_to_reach_it(api):
    no_name = api.post("contacts", {"email": "a@example.com"})
    unreachable = api.post("contacts", {"name": "Ann"})

    assert error_codes(no_name) == [("name", "missing_field")]
    assert error_codes(unreachable) == [("email", "missing_field")]


def test_an_unknown_field_is_refused_as_invalid(api):
    response = api.post("contacts", new_contact_body(shoe_size=9))

    assert error_codes(response) == [("shoe_size", "invalid_field")]


def test_an_unknown_contact_is_404(api):
    assert api.get("contacts/999999").status_code == 404
    assert api.put("contacts/999999", {"name": "X"}).status_code == 404
    assert api.delete("contacts/999999").status_code == 404


def test_an_update_changes_what_it_names_and_keeps_the_rest(api):
    contact = create_contact(api, phone="555", tags=["vip"])

    response = api.put(f"contacts/{contact['id']}", {"job_title": "Buyer", "tags": ["a", "b"]})
    shown = api.get(f"contacts/{contact['id']}").json()

    assert response.status_code == 200, response.content
    assert response.json() == shown
    assert (shown["job_title"], shown["tags"], shown["phone"], shown["email"]) == (
        "Buyer", ["a", "b"], "555", contact["email"])


def test_a_duplicate_address_is_409_naming_its_owner_whichever_list_holds_it(api):
    ann = create_contact(api, email="ann@example.com", other_emails=["ann@home.example"])

    as_email = api.post("contacts", new_contact_body(email="ANN@home.example"))
    as_other = api.post("contacts", new_contact_body(other_emails=["ann@example.com"]))

    assert as_email.status_code == as_other.status_code == 409
    assert as_email.json() == {"description": "Validation failed", "errors": [{
        "field": "email", "message": "It should be a unique value", "code": "duplicate_value",
        "additional_info": {"user_id": ann["id"]}}]}
    [error] = as_other.json()["errors"]
    assert (error["field"], error["additional_info"]) == ("other_emails", {"user_id": ann["id"]})


def test_an_update_to_another_contacts_address_is_409(api):
    ann = create_contact(api, other_emails=["ann@home.example"])
    bob = create_contact(api, name="Bob")

    response = api.put(f"contacts/{bob['id']}", {"other_emails": ["ann@home.example"]})

    assert response.status_code == 409
    assert response.json()["errors"][0]["additional_info"] == {"user_id": ann["id"]}


def test_an_address_given_up_is_free_for_another_contact(api):
    ann = create_contact(api, email="ann@example.com", other_emails=["ann@home.example"])

    changed = api.put(f"contacts/{ann['id']}", {"email": "ann@new.example", "other_emails": []})
    bob = api.post("contacts", new_contact_body(name="Bob", email="ann@example.com",
                                                other_emails=["ann@home.example"]))
    again = api.post("contacts", new_contact_body(email="ann@new.example"))

    assert changed.status_code == 200, changed.content
    assert bob.status_code == 201, bob.content
    assert again.json()["errors"][0]["additional_info"] == {"user_id": ann["id"]}


def test_an_address_given_up_is_taken_by_a_new_ticket_requester(api, create_ticket):
    ann = create_contact(api, email="ann@example.com")
    api.put(f"contacts/{ann['id']}", {"email": "ann@new.example"})

    ticket = create_ticket(email="ann@example.com")

    assert ticket["requester_id"] != ann["id"]
    assert api.get(f"contacts/{ticket['requester_id']}").json()["email"] == "ann@example.com"


def test_a_ticket_from_an_other_address_belongs_to_its_contact(api, create_ticket):
    ann = create_contact(api, other_emails=["ann@home.example"])

    assert create_ticket(email="Ann@Home.example")["requester_id"] == ann["id"]


def test_a_deleted_contact_is_read_only_until_restored(api):
    contact = create_contact(api)
    path = f"contacts/{contact['id']}"

    deleted = api.delete(path)
    shown = api.get(path).json()
    update = api.put(path, {"name": "Changed"})
    restored = api.put(f"{path}/restore")
    after = api.put(path, {"name": "Changed"})

    assert (deleted.status_code, deleted.content) == (204, b"")
    assert shown["deleted"] is True
    assert update.status_code == 405
    assert (restored.status_code, restored.content) == (204, b"")
    assert after.status_code == 200 and "deleted" not in after.json()


def test_a_deleted_contact_keeps_its_address(api):
    contact = create_contact(api, email="ann@example.com")
    api.delete(f"contacts/{contact['id']}")

    response = api.post("contacts", new_contact_body(email="ann@example.com"))

    assert response.status_code == 409


def test_a_contact_names_companies_that_exist(api):
    company, other = existing_company(), existing_company()

    made = api.post("contacts", new_contact_body(company_id=company, view_all_tickets=True,
                                                 other_companies=[{"company_id": other}]))
    unknown = api.post("contacts", new_contact_body(company_id=999_903))
    unknown_other = api.post("contacts",
                             new_contact_body(other_companies=[{"company_id": 999_904}]))

    assert made.status_code == 201, made.content
    assert (made.json()["company_id"], made.json()["view_all_tickets"]) == (company, True)
    assert made.json()["other_companies"] == [{"company_id": other, "view_all_tickets": False}]
    assert error_codes(unknown) == [("company_id", "invalid_value")]
    assert error_codes(unknown_other) == [("other_companies", "invalid_value")]


def test_a_form_body_creates_a_contact(api):
    response = api.post_form("contacts", {"name": "Fay", "email": "fay@example.com",
                                          "tags[]": ["a", "b"], "custom_fields[cf_x]": "1",
                                          "view_all_tickets": "false"})

    assert response.status_code == 201, response.content
    assert (response.json()["tags"], response.json()["custom_fields"]) == (["a", "b"],
                                                                          {"cf_x": "1"})


def test_a_ticket_shows_its_requester_as_the_contact_is_now(api, create_ticket):
    ticket = create_ticket(email="ann@example.com", name="Ann")
    api.put(f"contacts/{ticket['requester_id']}", {"name": "Ann Lee", "phone": "555",
                                                   "mobile": "777"})

    shown = api.get(f"tickets/{ticket['id']}", {"include": "requester"}).json()
    listed = api.get("tickets", {"include": "requester"}).json()

    expected = {"id": ticket["requester_id"], "name": "Ann Lee", "email": "ann@example.com",
                "mobile": "777", "phone": "555"}
    assert shown["requester"] == expected
    assert listed[0]["requester"] == expected


def test_a_bad_address_for_an_unknown_or_deleted_contact_says_so_first(api):
    contact = create_contact(api)
    api.delete(f"contacts/{contact['id']}")

    assert api.put("contacts/999999", {"email": "not an address"}).status_code == 404
    assert api.put(f"contacts/{contact['id']}", {"email": "not an address"}).status_code == 405


def test_a_deleted_company_can_no_longer_be_named(api):
    company = existing_company()
    mediator.send(DeleteCompany(company_id=company), MessageContext(via="cli"))

    response = api.post("contacts", new_contact_body(company_id=company))

    assert error_codes(response) == [("company_id", "invalid_value")]


def test_a_new_contact_joins_the_company_holding_its_address_domain(api, create_ticket):
    company = existing_company("Acme", domains=["acme.example"])

    joined = create_contact(api, email="Ann@ACME.example")
    elsewhere = create_contact(api, email="bob@other.example")
    chosen = create_contact(api, email="cy@acme.example", company_id=existing_company())
    requester = create_ticket(email="dee@acme.example")["requester_id"]

    assert joined["company_id"] == company
    assert elsewhere["company_id"] is None
    assert chosen["company_id"] not in (None, company)
    assert api.get(f"contacts/{requester}").json()["company_id"] == company
