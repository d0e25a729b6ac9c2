"""Erasing a contact (DELETE /contacts/{id}/hard_delete) leaves nothing of them readable:
no read table, API answer or back-office page, before or after a rebuild from position zero;
the store holds their data only sealed, and its history keeps every event."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.integration.erasure.desk import (
    AGENT_REPLY,
    DESCRIPTION,
    EMAIL,
    NAME,
    NOTE,
    PERSONAL,
    PHONE,
    REPLY,
    SUBJECT,
    admin_api,
    answers,
    contact_pages,
    customer_with_tickets,
    found_in_answers,
    found_in_tables,
    rebuild_every_projection,
    settle,
    stored_events,
)


@pytest.fixture
def desk():
    api, back_office = admin_api()
    customer = customer_with_tickets(api)
    return api, back_office, customer


def _erase(api, contact_id, query="force=True"):
    response = api.delete(f"contacts/{contact_id}/hard_delete?{query}")
    settle()
    return response


def test_before_the_erasure_the_customer_is_everywhere_the_scans_look(desk):
    api, back_office, customer = desk

    tables = found_in_tables()
    pages = found_in_answers(answers(api, back_office, customer))

    assert set(tables["people_contact_view"]) >= {NAME, EMAIL, PHONE}
    assert SUBJECT in tables["shopnest_idempotency"]
    assert set(tables["tickets_ticket_view"]) >= {EMAIL, SUBJECT, DESCRIPTION}
    assert REPLY in tables["tickets_conversation_view"]
    assert set(pages[f"tickets/{customer.ticket_ids[0]}?include=requester,conversations,stats"]
               ) >= {NAME, EMAIL, SUBJECT, REPLY}
    assert SUBJECT in pages[f"/admin/tickets/ticketview/{customer.ticket_ids[0]}/change/"]
    assert NAME in pages["contacts"] and NAME in pages["/admin/people/contactview/"]
    own = contact_pages(api, back_office, customer)
    assert [own["api"].status_code, own["page"].status_code] == [200, 200]
    assert NAME in own["api"].content.decode() and NAME in own["page"].content.decode()


def test_the_store_holds_the_customers_data_only_sealed(desk):
    events = stored_events()

    assert [e for e in events if any(n.lower() in e[3].lower() for n in PERSONAL)] == []
    assert any(AGENT_REPLY in e[3] for e in events)  # what agents write stays plain
    assert not any(EMAIL in stream_id for stream_id, *_ in events)  # claim ids are hashed


def test_after_the_erasure_no_table_answer_or_page_holds_the_customer(desk):
    api, back_office, customer = desk
    before = stored_events()

    assert _erase(api, customer.contact_id).status_code == 204

    assert found_in_tables() == {}
    assert found_in_answers(answers(api, back_office, customer)) == {}
    own = contact_pages(api, back_office, customer)
    assert [own["api"].status_code, own["page"].status_code] == [404, 404]
    view = api.get(f"tickets/{customer.ticket_ids[0]}?include=requester,conversations").json()
    assert view["requester"] is None and view["subject"] is None
    bodies = [c["body_text"] for c in view["conversations"]]
    assert bodies == ["[erased]", AGENT_REPLY, NOTE]
    after = stored_events()
    assert after[:len(before)] == before  # nothing rewritten: only events added
    assert {e[2] for e in after[len(before):]} == {
        "ContactErased", "ClaimReleased", "ContactErasedFromTicket"}


def test_a_rebuild_from_position_zero_brings_nothing_back(desk):
    api, back_office, customer = desk
    assert _erase(api, customer.contact_id).status_code == 204
    erased_rows = _read_rows()

    rebuild_every_projection()

    assert found_in_tables() == {}
    assert found_in_answers(answers(api, back_office, customer)) == {}
    assert _read_rows() == erased_rows


def test_the_erased_address_is_free_for_a_new_contact(desk):
    api, _, customer = desk
    assert _erase(api, customer.contact_id).status_code == 204

    again = api.post("tickets", {"email": EMAIL, "subject": "New here",
                                 "description": "<p>Hello</p>"})

    assert again.status_code == 201, again.content
    assert again.json()["requester_id"] != customer.contact_id


def test_the_erased_customers_api_key_stops_working(desk):
    from people.domain.customer_keys import IssueCustomerKey
    from shopnest.mediator import mediator
    from tests.integration.api.conftest import Api

    api, _, customer = desk
    mediator.send(IssueCustomerKey(contact_id=customer.contact_id, api_key="zelda-key-123456"))
    settle()
    assert Api("zelda-key-123456").get("tickets").status_code == 200

    assert _erase(api, customer.contact_id).status_code == 204

    assert Api("zelda-key-123456").get("tickets").status_code == 401


def test_nothing_more_is_recorded_for_an_erased_customer(desk):
    api, _, customer = desk
    assert _erase(api, customer.contact_id).status_code == 204

    reply = api.post(f"tickets/{customer.ticket_ids[0]}/reply",
                     {"body": "<p>Me again</p>", "user_id": customer.contact_id})
    ticket = api.post("tickets", {"requester_id": customer.contact_id, "subject": "x",
                                  "description": "<p>y</p>"})

    assert reply.status_code == 405
    assert ticket.status_code == 400
    assert _erase(api, customer.contact_id).status_code == 404


def test_a_soft_deleted_contact_is_erased_without_force(desk):
    api, back_office, customer = desk
    assert api.delete(f"contacts/{customer.contact_id}").status_code == 204

    assert _erase(api, customer.contact_id, "").status_code == 204

    assert found_in_tables() == {}
    assert found_in_answers(answers(api, back_office, customer)) == {}


@pytest.mark.parametrize("query", ["", "force=false", "force=FALSE"])
def test_a_contact_not_soft_deleted_is_erased_only_by_force(desk, query):
    api, _, customer = desk

    response = _erase(api, customer.contact_id, query)

    assert response.status_code == 405
    assert "people_contact_view" in found_in_tables()


@pytest.mark.parametrize("query", ["force=true", "force=TRUE", "force=True"])
def test_force_is_read_in_any_case(desk, query):
    api, _, customer = desk

    assert _erase(api, customer.contact_id, query).status_code == 204


def test_bad_force_unknown_parameters_and_unknown_contacts_are_refused(desk):
    api, _, customer = desk

    assert _erase(api, customer.contact_id, "force=yes").status_code == 400
    assert _erase(api, customer.contact_id, "force=true&soon=1").status_code == 400
    assert _erase(api, 999999999).status_code == 404


def test_only_an_admin_may_erase(desk):
    from tests.integration.api.conftest import Api, make_agent

    _, _, customer = desk

    assert Api(make_agent().key).delete(
        f"contacts/{customer.contact_id}/hard_delete?force=true").status_code == 403


def _read_rows():
    with connection.cursor() as cursor:
        out = {}
        for table in ("tickets_ticket_view", "tickets_conversation_view", "people_contact_view"):
            cursor.execute(f"SELECT * FROM {table} ORDER BY id")
            out[table] = cursor.fetchall()
        return out
