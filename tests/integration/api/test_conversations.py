"""GET /tickets/{id}/conversations, PUT and DELETE /conversations/{id} (§2, §4.1, §5, §8)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.integration.api.conftest import error_codes, ids


def test_conversations_are_listed_oldest_first_as_a_bare_array(api, create_ticket, add_reply,
                                                               add_note):
    ticket = create_ticket()
    made = [add_reply(ticket["id"])["id"], add_note(ticket["id"])["id"],
            add_reply(ticket["id"])["id"]]
    response = api.get(f"tickets/{ticket['id']}/conversations")
    assert isinstance(response.json(), list)
    assert ids(response) == made
    assert [c["source"] for c in response.json()] == [0, 2, 0]
    assert "Link" not in response


def test_listed_conversations_match_what_the_post_answered(api, create_ticket, add_reply,
                                                           add_note):
    ticket = create_ticket()
    made = [add_reply(ticket["id"]), add_note(ticket["id"], notify_emails=["x@example.com"])]
    assert api.get(f"tickets/{ticket['id']}/conversations").json() == made


def test_conversations_are_paginated_with_a_link_header(api, create_ticket, add_note):
    ticket = create_ticket()
    made = [add_note(ticket["id"], f"note {n}")["id"] for n in range(3)]
    first = api.get(f"tickets/{ticket['id']}/conversations", {"per_page": 2})
    assert ids(first) == made[:2]
    link = re.match(r'^<([^>]+)>; rel="next"$', first["Link"]).group(1)
    assert urlsplit(link).path == f"/api/v2/tickets/{ticket['id']}/conversations"
    assert parse_qs(urlsplit(link).query) == {"page": ["2"], "per_page": ["2"]}
    second = api.get(link)
    assert ids(second) == made[2:]
    assert "Link" not in second


def test_bad_paging_of_conversations_is_a_400(api, create_ticket):
    ticket = create_ticket()
    for field, value in (("per_page", 0), ("per_page", 101), ("page", "x"), ("page", 0)):
        response = api.get(f"tickets/{ticket['id']}/conversations", {field: value})
        assert (field, value, response.status_code) == (field, value, 400)
        assert error_codes(response) == [(field, "invalid_value")]


def test_an_unknown_query_parameter_on_conversations_is_a_400(api, create_ticket):
    ticket = create_ticket()
    response = api.get(f"tickets/{ticket['id']}/conversations", {"order": "desc"})
    assert response.status_code == 400
    assert error_codes(response) == [("order", "invalid_field")]


@pytest.mark.parametrize("action", ["spam", "delete"])
def test_conversations_of_a_spam_or_deleted_ticket_are_an_empty_200(api, create_ticket,
                                                                   add_note, action):
    ticket = create_ticket()
    add_note(ticket["id"])
    if action == "spam":
        api.put(f"tickets/{ticket['id']}/spam")
    else:
        api.delete(f"tickets/{ticket['id']}")
    response = api.get(f"tickets/{ticket['id']}/conversations")
    assert response.status_code == 200
    assert response.json() == []


def test_conversations_of_an_unknown_ticket_are_a_404(api):
    response = api.get("tickets/999111/conversations")
    assert response.status_code == 404
    assert response.content == b""


def test_editing_a_note_answers_200_with_the_new_body_and_last_edited_at(api, agent,
                                                                         create_ticket, add_note):
    ticket = create_ticket()
    note = add_note(ticket["id"], "<p>first draft</p>")
    response = api.put(f"conversations/{note['id']}", {"body": "<p>final <b>text</b></p>"})
    assert response.status_code == 200
    edited = response.json()
    assert edited["id"] == note["id"]
    assert edited["body"] == "<p>final <b>text</b></p>"
    assert edited["body_text"] == "final text"
    assert edited["last_edited_at"] is not None
    assert edited["last_edited_user_id"] == agent.id
    listed = api.get(f"tickets/{ticket['id']}/conversations").json()
    assert listed == [edited]


def test_editing_a_note_with_an_empty_body_is_a_400(api, create_ticket, add_note):
    note = add_note(create_ticket()["id"])
    response = api.put(f"conversations/{note['id']}", {"body": ""})
    assert response.status_code == 400
    assert error_codes(response) == [("body", "missing_field")]


def test_only_the_body_of_a_note_is_editable(api, create_ticket, add_note):
    note = add_note(create_ticket()["id"])
    response = api.put(f"conversations/{note['id']}", {"body": "x", "private": False})
    assert response.status_code == 400
    assert error_codes(response) == [("private", "invalid_field")]


def test_editing_a_reply_is_a_405(api, create_ticket, add_reply):
    reply = add_reply(create_ticket()["id"], "<p>sent</p>")
    response = api.put(f"conversations/{reply['id']}", {"body": "<p>rewritten</p>"})
    assert response.status_code == 405
    listed = api.get(f"tickets/{reply['ticket_id']}/conversations").json()
    assert listed[0]["body"] == "<p>sent</p>"


@pytest.mark.parametrize("make", ["add_reply", "add_note"])
def test_deleting_a_conversation_answers_204_and_removes_it_from_the_list(api, create_ticket,
                                                                          request, make):
    ticket = create_ticket()
    doomed = request.getfixturevalue(make)(ticket["id"])
    kept = request.getfixturevalue(make)(ticket["id"])
    response = api.delete(f"conversations/{doomed['id']}")
    assert response.status_code == 204
    assert response.content == b""
    assert ids(api.get(f"tickets/{ticket['id']}/conversations")) == [kept["id"]]
    shown = api.get(f"tickets/{ticket['id']}", {"include": "conversations"}).json()
    assert [c["id"] for c in shown["conversations"]] == [kept["id"]]


def test_a_deleted_conversation_is_then_a_404(api, create_ticket, add_note):
    note = add_note(create_ticket()["id"])
    api.delete(f"conversations/{note['id']}")
    assert api.delete(f"conversations/{note['id']}").status_code == 404
    assert api.put(f"conversations/{note['id']}", {"body": "again"}).status_code == 404


def test_an_unknown_conversation_is_a_404_with_an_empty_body(api):
    for response in (api.put("conversations/123123", {"body": "x"}),
                     api.delete("conversations/123123")):
        assert (response.status_code, response.content) == (404, b"")


def test_editing_a_note_of_a_deleted_ticket_is_a_405(api, create_ticket, add_note):
    ticket = create_ticket()
    note = add_note(ticket["id"])
    api.delete(f"tickets/{ticket['id']}")
    assert api.put(f"conversations/{note['id']}", {"body": "later"}).status_code == 405
