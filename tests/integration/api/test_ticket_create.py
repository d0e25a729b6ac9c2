"""POST /api/v2/tickets (FRESHDESK_API.md §2, §3)."""

from __future__ import annotations

import re
import uuid

from people.domain.agent_changes import DeactivateAgent
from people.domain.groups import DeleteGroup
from people.registration import send_now
from shopnest.mediator import mediator
from tests.integration.api.conftest import (
    error_codes,
    make_agent,
    make_company,
    make_group,
    new_ticket_body,
)

TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")

TICKET_FIELDS = {
    "id", "subject", "description", "description_text", "status", "priority", "source", "type",
    "tags", "requester_id", "responder_id", "group_id", "company_id", "product_id",
    "email_config_id", "cc_emails", "fwd_emails", "reply_cc_emails", "ticket_cc_emails",
    "to_emails", "due_by", "fr_due_by", "nr_due_by", "fr_escalated", "is_escalated",
    "nr_escalated", "spam", "urgent", "association_type", "custom_fields", "attachments",
    "created_at", "updated_at",
}
NULL_WHEN_BLANK = ("type", "responder_id", "group_id", "company_id", "product_id",
                   "email_config_id", "to_emails", "due_by", "fr_due_by", "nr_due_by",
                   "association_type")


def test_creating_a_ticket_answers_201_with_its_location_and_etag(api):
    response = api.post("tickets", new_ticket_body())
    assert response.status_code == 201
    ticket = response.json()
    assert response["Location"].endswith(f"/api/v2/tickets/{ticket['id']}")
    assert response["Location"].startswith("http")
    assert response["ETag"] == '"1"'


def test_a_created_ticket_has_every_freshdesk_field_and_blank_ones_are_null(create_ticket):
    ticket = create_ticket(subject="Broken zip", description="<div>The <b>zip</b> broke</div>")
    assert TICKET_FIELDS <= set(ticket)
    assert {name: ticket[name] for name in NULL_WHEN_BLANK} == dict.fromkeys(NULL_WHEN_BLANK)
    assert ticket["subject"] == "Broken zip"
    assert ticket["description"] == "<div>The <b>zip</b> broke</div>"
    assert ticket["description_text"] == "The zip broke"
    assert ticket["custom_fields"] == {}
    assert ticket["tags"] == [] and ticket["attachments"] == [] and ticket["cc_emails"] == []
    assert ticket["spam"] is False and ticket["urgent"] is False
    assert TIMESTAMP.match(ticket["created_at"]) and TIMESTAMP.match(ticket["updated_at"])


def test_a_new_ticket_defaults_to_open_low_priority_from_the_portal(create_ticket):
    ticket = create_ticket()
    assert (ticket["status"], ticket["priority"], ticket["source"]) == (2, 1, 2)


def test_every_field_sent_on_create_comes_back(create_ticket):
    domain = f"shop-{uuid.uuid4().hex[:8]}.example"
    company_id, group = make_company(domains=[domain]), make_group()
    ticket = create_ticket(
        email=f"buyer@{domain}",  # a contact of the company, by its domain
        status=3, priority=4, source=3, type="Refund", tags=["late", "refund", "late"],
        cc_emails=["boss@example.com"], company_id=company_id, group_id=group, product_id=5,
        custom_fields={"cf_order": "A-17", "cf_gift": True},
        due_by="2030-01-02T10:00:00+02:00", fr_due_by="2030-01-01T09:30:00.250Z",
    )
    assert (ticket["status"], ticket["priority"], ticket["source"]) == (3, 4, 3)
    assert ticket["type"] == "Refund"
    assert ticket["tags"] == ["late", "refund"]
    assert ticket["cc_emails"] == ["boss@example.com"]
    assert (ticket["company_id"], ticket["group_id"], ticket["product_id"]) == (
        company_id, group, 5)
    assert ticket["custom_fields"] == {"cf_order": "A-17", "cf_gift": True}
    assert ticket["urgent"] is True
    assert ticket["due_by"] == "2030-01-02T08:00:00Z"
    assert ticket["fr_due_by"] == "2030-01-01T09:30:00Z"


def test_the_created_ticket_reads_back_the_same_as_the_create_answered(api, create_ticket):
    created = create_ticket(custom_fields={"cf_order": "A-18"}, tags=["vip"])
    shown = api.get(f"tickets/{created['id']}").json()
    assert shown == created


def test_an_unknown_email_creates_a_contact_that_include_requester_shows(api, create_ticket):
    ticket = create_ticket(email="New.Person@Example.com", name="New Person")
    assert isinstance(ticket["requester_id"], int)
    shown = api.get(f"tickets/{ticket['id']}", {"include": "requester"}).json()
    assert shown["requester"]["id"] == ticket["requester_id"]
    assert shown["requester"]["name"] == "New Person"
    assert shown["requester"]["email"] == "new.person@example.com"


def test_an_existing_email_reuses_the_same_contact(create_ticket):
    first = create_ticket(email="again@example.com")
    second = create_ticket(email="again@example.com")
    assert second["requester_id"] == first["requester_id"]


def test_an_email_differing_only_in_case_reuses_the_same_contact(create_ticket):
    first = create_ticket(email="mixed@example.com")
    second = create_ticket(email="  MIXED@Example.COM ")
    assert second["requester_id"] == first["requester_id"]


def test_a_requester_id_of_an_existing_contact_is_kept(create_ticket):
    first = create_ticket()
    second = create_ticket(requester_id=first["requester_id"])
    assert second["requester_id"] == first["requester_id"]


def test_a_requester_id_of_a_missing_contact_is_a_400(api):
    response = api.post("tickets", new_ticket_body(requester_id=987654))
    assert response.status_code == 400
    assert error_codes(response) == [("requester_id", "invalid_value")]


def test_a_ticket_without_any_requester_is_a_400_missing_field(api):
    response = api.post("tickets", {"subject": "Who am I?", "description": "Nobody"})
    assert response.status_code == 400
    assert ("requester_id", "missing_field") in error_codes(response)


def test_a_phone_requester_without_a_name_is_a_400(api):
    response = api.post("tickets", new_ticket_body(phone="+44 20 7946 0000"))
    assert response.status_code == 400
    assert error_codes(response) == [("name", "missing_field")]


def test_a_phone_requester_with_a_name_creates_a_contact(api, create_ticket):
    ticket = create_ticket(phone="+44 20 7946 0001", name="Phone Person")
    shown = api.get(f"tickets/{ticket['id']}", {"include": "requester"}).json()
    assert shown["requester"]["phone"] == "+44 20 7946 0001"
    assert shown["requester"]["name"] == "Phone Person"


def test_every_invalid_field_of_a_create_is_listed_in_one_400(api):
    response = api.post("tickets", new_ticket_body(status=9, priority=0, tags="nope"))
    assert response.status_code == 400
    assert sorted(error_codes(response)) == [
        ("priority", "invalid_value"), ("status", "invalid_value"), ("tags", "datatype_mismatch")]


def test_an_unknown_field_on_create_is_a_400_invalid_field(api):
    response = api.post("tickets", new_ticket_body(colour="red"))
    assert response.status_code == 400
    assert error_codes(response) == [("colour", "invalid_field")]


def test_a_badly_formatted_due_by_is_a_400(api):
    response = api.post("tickets", new_ticket_body(due_by="next tuesday"))
    assert response.status_code == 400
    assert error_codes(response) == [("due_by", "invalid_value")]


def test_a_ticket_names_only_a_group_that_exists(api):
    group = make_group()

    unknown = api.post("tickets", new_ticket_body(group_id=group + 1000))
    deleted_group = make_group()
    mediator.send(DeleteGroup(group_id=deleted_group))
    deleted = api.post("tickets", new_ticket_body(group_id=deleted_group))
    known = api.post("tickets", new_ticket_body(group_id=group))

    assert (unknown.status_code, error_codes(unknown)) == (400, [("group_id", "invalid_value")])
    assert (deleted.status_code, error_codes(deleted)) == (400, [("group_id", "invalid_value")])
    assert known.status_code == 201 and known.json()["group_id"] == group


def test_a_ticket_cannot_be_given_to_a_deactivated_agent(api):

    gone = make_agent("Gone")
    send_now(DeactivateAgent(agent_id=gone.id))

    created = api.post("tickets", new_ticket_body(responder_id=gone.id))
    ticket = api.post("tickets", new_ticket_body()).json()
    updated = api.put(f"tickets/{ticket['id']}", {"responder_id": gone.id})

    assert error_codes(created) == [("responder_id", "invalid_value")]
    assert error_codes(updated) == [("responder_id", "invalid_value")]
