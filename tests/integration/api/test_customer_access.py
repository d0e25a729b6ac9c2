"""Customers with API keys of their own: their tickets, create and reply, nothing more."""

from __future__ import annotations

import uuid

import pytest

from people.domain.customer_keys import IssueCustomerKey
from people.registration import send_now
from shopnest.domain.errors import AlreadyExists, ValidationFailed
from tickets.api.customers import AGENT_ONLY_TICKET_FIELDS

from .conftest import Api, ids, make_agent, new_ticket_body


def issue_customer_key(contact_id: int, key: str | None = None) -> str:
    key = key or f"customer-{uuid.uuid4().hex}"
    send_now(IssueCustomerKey(contact_id=contact_id, api_key=key), reads=("customer_keys",))
    return key


def settled(api: Api) -> None:
    """Wait until the read tables show the agent's own writes (an agent's query waits for
    them), so what a customer reads next is up to date."""
    assert api.get("tickets").status_code == 200


@pytest.fixture
def customer(api):
    """A contact (made by an agent's ticket for them) with a key of their own."""
    ticket = api.post("tickets", new_ticket_body()).json()
    return ticket, Api(issue_customer_key(ticket["requester_id"]))


def test_a_customer_sees_their_own_tickets_and_no_one_elses(api, customer):
    own, as_customer = customer
    other = api.post("tickets", new_ticket_body()).json()
    settled(api)

    assert ids(as_customer.get("tickets")) == [own["id"]]
    assert as_customer.get(f"tickets/{own['id']}").status_code == 200
    assert as_customer.get(f"tickets/{other['id']}").status_code == 403
    assert as_customer.get(f"tickets/{other['id']}/conversations").status_code == 403
    assert as_customer.post(f"tickets/{other['id']}/reply", {"body": "hi"}).status_code == 403


def test_a_customer_never_sees_a_private_note_or_an_agent_only_field(api, customer):
    own, as_customer = customer
    api.post(f"tickets/{own['id']}/notes", {"body": "<p>Refund approved, do not tell yet</p>"})
    api.post(f"tickets/{own['id']}/reply", {"body": "<p>We are looking into it</p>"})
    api.put(f"tickets/{own['id']}", {"tags": ["vip"], "group_id": None})
    settled(api)

    seen = [as_customer.get(f"tickets/{own['id']}", {"include": "conversations,stats"}),
            as_customer.get(f"tickets/{own['id']}/conversations"),
            as_customer.get("tickets", {"include": "stats,description"})]

    assert [r.status_code for r in seen] == [200, 200, 200]
    for response in seen:
        assert b"do not tell yet" not in response.content
    view = seen[0].json()
    assert [c["body"] for c in view["conversations"]] == ["<p>We are looking into it</p>"]
    assert not set(AGENT_ONLY_TICKET_FIELDS) & set(view)
    assert not set(AGENT_ONLY_TICKET_FIELDS) & set(seen[2].json()[0])


def test_a_customer_opens_a_ticket_for_themselves_and_replies(customer):
    own, as_customer = customer

    created = as_customer.post("tickets", {"subject": "Wrong size", "description": "<p>M not L</p>"})
    assert created.status_code == 201, created.content
    assert created.json()["requester_id"] == own["requester_id"]
    assert "group_id" not in created.json()

    reply = as_customer.post(f"tickets/{created.json()['id']}/reply", {"body": "<p>Any news?</p>"})
    assert reply.status_code == 201, reply.content
    assert reply.json()["incoming"] is True
    assert reply.json()["user_id"] == own["requester_id"]


@pytest.mark.parametrize("field, value", [("status", 5), ("responder_id", 1), ("group_id", 1),
                                          ("email", "someone.else@example.com"),
                                          ("requester_id", 1), ("tags", ["x"])])
def test_a_customer_may_not_set_what_agents_decide(customer, field, value):
    _, as_customer = customer
    response = as_customer.post("tickets", {"subject": "s", "description": "d", field: value})
    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["field"] == field


@pytest.mark.parametrize("method, path", [
    ("put", "tickets/{id}"), ("delete", "tickets/{id}"), ("post", "tickets/{id}/notes"),
    ("get", "tickets/{id}/activities"), ("get", "tickets/{id}/watchers"),
    ("post", "tickets/{id}/watch"), ("put", "tickets/{id}/spam"), ("get", "agents/me"),
    ("get", "agents"),
])
def test_agent_endpoints_refuse_a_customer(customer, method, path):
    own, as_customer = customer
    path = path.format(id=own["id"])
    response = getattr(as_customer, method)(path, *([{"body": "x"}] if method != "get" and method != "delete" else []))
    assert response.status_code == 403, (path, response.content)
    assert response.json()["code"] == "access_denied"


def test_a_new_key_replaces_the_old_one(api, customer):
    own, as_customer = customer
    new_key = issue_customer_key(own["requester_id"])

    assert as_customer.get("tickets").status_code == 401
    assert Api(new_key).get("tickets").status_code == 200


def test_a_key_opens_one_account_only(api, customer):
    own, _ = customer
    agent = make_agent()
    other = api.post("tickets", new_ticket_body()).json()
    taken = issue_customer_key(own["requester_id"])

    with pytest.raises(AlreadyExists):
        issue_customer_key(other["requester_id"], taken)
    with pytest.raises(AlreadyExists):
        issue_customer_key(other["requester_id"], agent.key)
    with pytest.raises(ValidationFailed):
        issue_customer_key(other["requester_id"], "short")
    with pytest.raises(ValidationFailed):
        issue_customer_key(other["requester_id"], "a-long-key-with-\ud800-in-it")


def test_a_customers_writes_name_them_in_the_history(customer):
    own, as_customer = customer
    as_customer.post(f"tickets/{own['id']}/reply", {"body": "<p>Thanks</p>"})
    from shopnest.eventstore import store
    last = store.read_stream(f"ticket-{own['id']}")[-1]
    assert last.metadata["actor_type"] == "contact"
    assert last.metadata["actor_id"] == own["requester_id"]
