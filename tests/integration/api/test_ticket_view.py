"""GET /api/v2/tickets/{id} and its includes (FRESHDESK_API.md §2, §3)."""

from __future__ import annotations

from tests.integration.api.conftest import error_codes, make_company


def test_viewing_a_ticket_returns_it_with_its_description_and_etag(api, create_ticket):
    ticket = create_ticket(description="<p>Box <i>crushed</i></p>")
    response = api.get(f"tickets/{ticket['id']}")
    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    shown = response.json()
    assert shown["description"] == "<p>Box <i>crushed</i></p>"
    assert shown["description_text"] == "Box crushed"
    assert "conversations" not in shown and "stats" not in shown and "requester" not in shown


def test_the_etag_follows_the_tickets_version(api, create_ticket, add_note):
    ticket = create_ticket()
    add_note(ticket["id"])
    api.put(f"tickets/{ticket['id']}", {"priority": 3})
    assert api.get(f"tickets/{ticket['id']}")["ETag"] == '"3"'


def test_an_unknown_ticket_is_a_404_with_an_empty_body(api):
    response = api.get("tickets/424242")
    assert response.status_code == 404
    assert response.content == b""


def test_include_conversations_gives_the_ten_oldest_in_ascending_order(api, create_ticket,
                                                                      add_note):
    ticket = create_ticket()
    notes = [add_note(ticket["id"], f"<p>note {n}</p>") for n in range(11)]
    shown = api.get(f"tickets/{ticket['id']}", {"include": "conversations"}).json()
    assert [c["id"] for c in shown["conversations"]] == [n["id"] for n in notes[:10]]
    assert shown["conversations"][0]["body_text"] == "note 0"


def test_include_requester_company_and_stats_together(api, create_ticket):
    company_id = make_company("Inc Corp")
    ticket = create_ticket(email="inc@example.com", name="Inc Luded", company_id=company_id)
    shown = api.get(f"tickets/{ticket['id']}", {"include": "requester,company,stats"}).json()
    assert shown["requester"]["id"] == ticket["requester_id"]
    assert shown["requester"]["email"] == "inc@example.com"
    assert shown["company"] == {"id": company_id, "name": "Inc Corp"}
    assert set(shown["stats"]) == {
        "agent_responded_at", "requester_responded_at", "first_responded_at",
        "status_updated_at", "reopened_at", "resolved_at", "closed_at", "pending_since"}
    assert shown["stats"]["first_responded_at"] is None


def test_include_company_of_a_ticket_without_company_is_null(api, create_ticket):
    ticket = create_ticket()
    assert api.get(f"tickets/{ticket['id']}", {"include": "company"}).json()["company"] is None


def test_an_unknown_include_on_view_is_a_400_invalid_value(api, create_ticket):
    ticket = create_ticket()
    response = api.get(f"tickets/{ticket['id']}", {"include": "watchers"})
    assert response.status_code == 400
    assert error_codes(response) == [("include", "invalid_value")]


def test_an_unknown_query_parameter_on_view_is_a_400_invalid_field(api, create_ticket):
    ticket = create_ticket()
    response = api.get(f"tickets/{ticket['id']}", {"expand": "all"})
    assert response.status_code == 400
    assert error_codes(response) == [("expand", "invalid_field")]
