"""Answers that must stay what they were before the aggregate kernel (found by comparing the
two side by side): the requester on update, form ids that are text, a reply's sender."""

from __future__ import annotations

from tests.integration.api.conftest import error_codes, new_ticket_body


def test_a_null_requester_on_update_asks_for_one_of_the_identifying_fields(api, create_ticket):
    ticket = create_ticket()

    response = api.put(f"tickets/{ticket['id']}", {"requester_id": None})

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert (error["field"], error["code"]) == ("requester_id", "missing_field")
    assert error["message"].startswith("Please fill at least 1 of requester_id, email")


def test_an_unknown_requester_on_update_is_reported_before_the_other_fields(api, create_ticket):
    ticket = create_ticket()

    response = api.put(f"tickets/{ticket['id']}", {"requester_id": 999999, "priority": 9})

    assert error_codes(response) == [("requester_id", "invalid_value")]


def test_a_numeric_unique_external_id_or_twitter_id_in_a_form_body_is_text(api):
    response = api.post_form("tickets", {"unique_external_id": "12345", "name": "Una",
                                         "subject": "Form"})
    other = api.post_form("tickets", {"twitter_id": "4711", "name": "Tom", "subject": "Form"})

    assert (response.status_code, other.status_code) == (201, 201), (response.content,
                                                                     other.content)


def test_a_reply_with_an_empty_from_email_goes_out_from_the_support_mailbox(api, create_ticket):
    ticket = create_ticket()

    reply = api.post(f"tickets/{ticket['id']}/reply", {"body": "On its way", "from_email": ""})
    listed = api.get(f"tickets/{ticket['id']}/conversations").json()

    assert reply.status_code == 201
    assert reply.json()["from_email"] == listed[0]["from_email"] == "support@shopnest.example"


def test_creating_with_the_body_helper_still_works(api):
    assert api.post("tickets", new_ticket_body()).status_code == 201
