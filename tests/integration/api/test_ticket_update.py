"""PUT /api/v2/tickets/{id} (FRESHDESK_API.md §2, §6)."""

from __future__ import annotations

import pytest

from tests.integration.api.conftest import error_codes

ONE_OF_STATUSES = "It should be one of these values: '2,3,4,5'"


def test_an_update_answers_200_with_the_full_changed_ticket_and_a_new_etag(api, create_ticket):
    ticket = create_ticket()
    response = api.put(f"tickets/{ticket['id']}",
                       {"status": 3, "priority": 2, "subject": "Still waiting", "tags": ["x"]})
    assert response.status_code == 200
    updated = response.json()
    assert (updated["status"], updated["priority"], updated["subject"]) == (3, 2, "Still waiting")
    assert updated["tags"] == ["x"]
    assert updated["description"] == ticket["description"]
    assert updated["requester_id"] == ticket["requester_id"]
    shown = api.get(f"tickets/{ticket['id']}")
    assert shown.json() == updated
    assert response["ETag"] == shown["ETag"] != '"1"'


def test_custom_fields_sent_on_update_are_merged_into_the_existing_ones(api, create_ticket):
    ticket = create_ticket(custom_fields={"cf_a": "1", "cf_b": "2"})
    updated = api.put(f"tickets/{ticket['id']}", {"custom_fields": {"cf_b": "3"}}).json()
    assert updated["custom_fields"] == {"cf_a": "1", "cf_b": "3"}


def test_a_stale_if_match_is_a_412_and_changes_nothing(api, create_ticket):
    ticket = create_ticket()
    api.put(f"tickets/{ticket['id']}", {"priority": 2})
    response = api.put(f"tickets/{ticket['id']}", {"priority": 4}, HTTP_IF_MATCH='"1"')
    assert response.status_code == 412
    assert api.get(f"tickets/{ticket['id']}").json()["priority"] == 2


def test_the_current_if_match_lets_the_update_through(api, create_ticket):
    ticket = create_ticket()
    current = api.get(f"tickets/{ticket['id']}")["ETag"]
    response = api.put(f"tickets/{ticket['id']}", {"priority": 4}, HTTP_IF_MATCH=current)
    assert response.status_code == 200
    assert response.json()["priority"] == 4


def test_an_if_match_that_is_no_version_is_a_412(api, create_ticket):
    ticket = create_ticket()
    response = api.put(f"tickets/{ticket['id']}", {"priority": 4}, HTTP_IF_MATCH='"abc"')
    assert response.status_code == 412


def test_an_unknown_field_on_update_is_a_400_invalid_field(api, create_ticket):
    ticket = create_ticket()
    response = api.put(f"tickets/{ticket['id']}", {"mood": "grumpy"})
    assert response.status_code == 400
    assert error_codes(response) == [("mood", "invalid_field")]


def test_an_update_may_name_the_requester_by_email_as_a_create_does(api, create_ticket):
    """Freshdesk takes the requester fields on update too (issue "People and access")."""
    ticket = create_ticket()
    known = create_ticket(email="known@example.com")

    to_known = api.put(f"tickets/{ticket['id']}", {"email": "KNOWN@example.com"})
    to_new = api.put(f"tickets/{known['id']}", {"email": "brand.new@example.com", "name": "Nia"})

    assert to_known.status_code == 200, to_known.content
    assert to_known.json()["requester_id"] == known["requester_id"]
    assert to_new.status_code == 200, to_new.content
    assert to_new.json()["requester_id"] not in (known["requester_id"], ticket["requester_id"])
    shown = api.get(f"tickets/{known['id']}", {"include": "requester"}).json()["requester"]
    assert (shown["email"], shown["name"]) == ("brand.new@example.com", "Nia")


def test_an_update_naming_a_requester_badly_is_a_400(api, create_ticket):
    ticket = create_ticket()
    response = api.put(f"tickets/{ticket['id']}", {"email": "not-an-address"})
    assert response.status_code == 400
    assert [field for field, _ in error_codes(response)] == ["email"]


def test_a_responder_must_be_an_agent_of_the_desk(api, agent, create_ticket):
    ticket = create_ticket()

    assert api.put(f"tickets/{ticket['id']}", {"responder_id": agent.id}).status_code == 200
    for unknown in (999_999_999, ticket["requester_id"]):
        response = api.put(f"tickets/{ticket['id']}", {"responder_id": unknown})
        assert error_codes(response) == [("responder_id", "invalid_value")], unknown
    created = api.post("tickets", {"email": "x@example.com", "subject": "s",
                                   "responder_id": 999_999_999})
    assert error_codes(created) == [("responder_id", "invalid_value")]


def test_a_status_outside_the_known_ones_is_a_400_naming_the_allowed_values(api, create_ticket):
    ticket = create_ticket()
    response = api.put(f"tickets/{ticket['id']}", {"status": 7})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "status", "message": ONE_OF_STATUSES, "code": "invalid_value"}]


def test_a_priority_or_source_outside_its_values_is_a_400_invalid_value(api, create_ticket):
    ticket = create_ticket()
    for field, value in (("priority", 5), ("priority", 0), ("source", 13), ("source", 0)):
        response = api.put(f"tickets/{ticket['id']}", {field: value})
        assert (field, value, response.status_code) == (field, value, 400)
        assert error_codes(response) == [(field, "invalid_value")]
        assert response.json()["errors"][0]["message"].startswith(
            "It should be one of these values: '")
    assert api.get(f"tickets/{ticket['id']}")["ETag"] == '"1"'


def test_a_value_of_the_wrong_type_is_a_400(api, create_ticket):
    ticket = create_ticket()
    changes = [{"priority": "high"}, {"status": "2"}, {"status": True}, {"tags": "a,b"},
               {"subject": 12}, {"group_id": -3}, {"group_id": "3"},
               {"custom_fields": ["cf_a"]}, {"cc_emails": "a@example.com"}, {"due_by": 5}]
    for change in changes:
        response = api.put(f"tickets/{ticket['id']}", change)
        assert (change, response.status_code) == (change, 400)
        assert [field for field, _ in error_codes(response)] == list(change)
    assert api.get(f"tickets/{ticket['id']}")["ETag"] == '"1"'


def test_moving_the_ticket_to_a_missing_requester_is_a_400(api, create_ticket):
    ticket = create_ticket()
    response = api.put(f"tickets/{ticket['id']}", {"requester_id": 999999})
    assert response.status_code == 400
    assert error_codes(response) == [("requester_id", "invalid_value")]


def test_moving_the_ticket_to_another_requester_sticks(api, create_ticket):
    ticket = create_ticket()
    other = create_ticket(email="someone.else@example.com")
    updated = api.put(f"tickets/{ticket['id']}", {"requester_id": other["requester_id"]}).json()
    assert updated["requester_id"] == other["requester_id"]
    listed = api.get("tickets", {"email": "someone.else@example.com"}).json()
    assert sorted(t["id"] for t in listed) == sorted([ticket["id"], other["id"]])


def test_an_update_that_changes_nothing_keeps_the_version(api, create_ticket):
    ticket = create_ticket(priority=2)
    response = api.put(f"tickets/{ticket['id']}", {"priority": 2})
    assert response.status_code == 200
    assert response["ETag"] == '"1"'


def test_updating_an_unknown_ticket_is_a_404(api):
    response = api.put("tickets/555555", {"priority": 2})
    assert response.status_code == 404
    assert response.content == b""


@pytest.mark.parametrize("action", ["spam", "delete"])
def test_updating_a_spam_or_deleted_ticket_is_a_405(api, create_ticket, action):
    ticket = create_ticket()
    if action == "spam":
        assert api.put(f"tickets/{ticket['id']}/spam").status_code == 204
    else:
        assert api.delete(f"tickets/{ticket['id']}").status_code == 204
    response = api.put(f"tickets/{ticket['id']}", {"priority": 3})
    assert response.status_code == 405
    assert set(response.json()) == {"code", "message"}
    assert api.get(f"tickets/{ticket['id']}").json()["priority"] == 1
