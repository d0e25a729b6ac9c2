"""The Idempotency-Key header: a retried POST does its work once (DESIGN.md, mediator)."""

from __future__ import annotations

from tests.integration.api.conftest import Api, ids, make_agent, new_ticket_body


def test_the_same_idempotency_key_twice_creates_one_ticket(api):
    body = new_ticket_body(subject="Only once")
    first = api.post("tickets", body, HTTP_IDEMPOTENCY_KEY="create-42")
    second = api.post("tickets", body, HTTP_IDEMPOTENCY_KEY="create-42")
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert second["Location"] == first["Location"]
    assert ids(api.get("tickets")) == [first.json()["id"]]


def test_different_idempotency_keys_create_different_tickets(api):
    body = new_ticket_body()
    first = api.post("tickets", body, HTTP_IDEMPOTENCY_KEY="k-1").json()
    second = api.post("tickets", body, HTTP_IDEMPOTENCY_KEY="k-2").json()
    assert first["id"] != second["id"]
    assert len(ids(api.get("tickets"))) == 2


def test_an_idempotency_key_reused_for_another_body_is_a_409(api):
    api.post("tickets", new_ticket_body(subject="One"), HTTP_IDEMPOTENCY_KEY="reused")
    response = api.post("tickets", new_ticket_body(subject="Two"), HTTP_IDEMPOTENCY_KEY="reused")
    assert response.status_code == 409
    assert len(ids(api.get("tickets"))) == 1


def test_idempotency_keys_belong_to_one_agent(api):
    body = new_ticket_body()
    mine = api.post("tickets", body, HTTP_IDEMPOTENCY_KEY="shared-key").json()
    other = Api(make_agent("Other").key)
    theirs = other.post("tickets", body, HTTP_IDEMPOTENCY_KEY="shared-key").json()
    assert mine["id"] != theirs["id"]


def test_the_same_idempotency_key_twice_adds_one_reply(api, create_ticket):
    ticket = create_ticket()
    first = api.post(f"tickets/{ticket['id']}/reply", {"body": "once"},
                     HTTP_IDEMPOTENCY_KEY="reply-1")
    second = api.post(f"tickets/{ticket['id']}/reply", {"body": "once"},
                      HTTP_IDEMPOTENCY_KEY="reply-1")
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert ids(api.get(f"tickets/{ticket['id']}/conversations")) == [first.json()["id"]]
