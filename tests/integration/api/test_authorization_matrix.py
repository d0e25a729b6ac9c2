"""The authorization matrix: every role and ticket scope, and a customer, against every ticket
endpoint the URL configuration serves, for a ticket of their own, of their group, of another
group and of another customer.

Nothing here is a hand-written list of answers: the callers come from the role catalogue and
the ticket scopes, the endpoints from tickets/api/urls.py (an endpoint this file does not know
how to call fails the test), and each expected status from the access rules the issue states:
global scope sees every ticket, group scope its groups' tickets and those assigned to it,
restricted scope only those assigned to it, a customer only their own and only to read, list,
create and reply. Every response body is then scanned: no private note ever reaches a
customer, and no caller ever receives a ticket it may not see.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern

from people.domain import roles
from people.domain.agent_changes import UpdateAgent
from people.domain.customer_keys import IssueCustomerKey
from people.registration import send_now
from tickets.api import urls as ticket_urls
from tickets.domain.access import TicketScope

from .conftest import Api, make_agent, make_group, new_ticket_body
from .test_agents import make_admin

RELATIONS = ("own", "same_group", "other_group", "other_customer")


@dataclass(frozen=True)
class Caller:
    name: str
    role: roles.Role | None  # None: a customer
    scope: TicketScope | None

    @property
    def customer(self) -> bool:
        return self.role is None


CALLERS = [Caller(f"{role.name} / {scope.name.lower()}", role, scope)
           for role in roles.ROLES for scope in TicketScope] + [Caller("customer", None, None)]


def sees(caller: Caller, relation: str) -> bool:
    """The issue's rule, restated: what each kind of caller may see."""
    if caller.customer:
        return relation == "own"
    return {TicketScope.GLOBAL: True,
            TicketScope.GROUP: relation in ("own", "same_group"),
            TicketScope.RESTRICTED: relation == "own"}[caller.scope]


# What customers may do with a ticket they may see (the issue: their own tickets, create and
# reply, never a private note, never an agent-only field).
CUSTOMER_MAY = {("ticket", "GET"), ("ticket-reply", "POST"), ("ticket-conversations", "GET")}

# How to call each ticket endpoint and what it answers when allowed: (body, success status).
# `{note}` in a path is the ticket's private note. The order is the order of the calls, so a
# destructive call (delete, spam) is undone by the next one.
CALLS: dict[tuple[str, str], tuple[Any, int]] = {
    ("ticket", "GET"): (None, 200),
    ("ticket-conversations", "GET"): (None, 200),
    ("ticket-activities", "GET"): (None, 200),
    ("ticket-watchers", "GET"): (None, 200),
    ("ticket", "PUT"): ({"priority": 3}, 200),
    ("ticket-reply", "POST"): ({"body": "<p>On its way</p>"}, 201),
    ("ticket-notes", "POST"): ({"body": "<p>checked the depot</p>"}, 201),
    ("ticket-watch", "POST"): ({}, 204),
    ("ticket-unwatch", "PUT"): ({}, 204),
    ("conversation", "PUT"): ({"body": "<p>checked the depot twice</p>"}, 200),
    ("ticket-spam", "PUT"): (None, 204),
    ("ticket-unspam", "PUT"): (None, 204),
    ("ticket", "DELETE"): (None, 204),
    ("ticket-restore", "PUT"): (None, 204),
    ("conversation", "DELETE"): (None, 204),
}


def served_ticket_endpoints() -> set[tuple[str, str]]:
    """Every (route name, method) of the ticket API that acts on one ticket or conversation."""
    found = set()
    for pattern in ticket_urls.urlpatterns:
        if not isinstance(pattern, URLPattern) or pattern.name is None:
            continue
        route = str(pattern.pattern)
        if "<id:ticket_id>" not in route and "<id:conversation_id>" not in route:
            continue
        view = pattern.callback.view_class
        for method in ("get", "post", "put", "delete"):
            if hasattr(view, method):
                found.add((pattern.name, method.upper()))
    return found


def path_of(name: str, ticket: dict) -> str:
    route = next(str(p.pattern) for p in ticket_urls.urlpatterns if p.name == name)
    route = route.rstrip("/").replace("/?", "").replace("?", "")
    route = route.replace("<id:ticket_id>", str(ticket["id"]))
    return route.replace("<id:conversation_id>", str(ticket["note_id"]))


def test_the_matrix_knows_how_to_call_every_ticket_endpoint():
    assert served_ticket_endpoints() == set(CALLS)


@dataclass
class World:
    """One caller with their four tickets (one per relation), made by an administrator."""

    caller: Caller
    api: Api
    user_id: int | None
    tickets: dict[str, dict] = field(default_factory=dict)


def _agent_with(role: roles.Role, scope: TicketScope, group_id: int):
    agent = make_agent(f"{role.name} {scope.name.title()}")
    send_now(UpdateAgent(agent_id=agent.id, changes={
        "ticket_scope": int(scope), "group_ids": [group_id], "role_ids": [role.id]}),
        reads=("accounts", "groups"))
    return agent


def _ticket(admin: Api, marker: str, **fields: Any) -> dict:
    made = admin.post("tickets", new_ticket_body(subject=f"SUBJECT-{marker}",
                                                 description=f"<p>TEXT-{marker}</p>", **fields))
    assert made.status_code == 201, made.content
    ticket = made.json()
    note = admin.post(f"tickets/{ticket['id']}/notes",
                      {"body": f"<p>PRIVATE-{marker}</p>", "private": True})
    assert note.status_code == 201, note.content
    return {**ticket, "marker": marker, "note_id": note.json()["id"]}


def build_world(caller: Caller) -> World:
    admin = Api(make_admin("Desk Admin").key)
    mine, theirs = make_group(), make_group()
    run = uuid.uuid4().hex[:8]
    if caller.customer:
        own = _ticket(admin, f"{run}-own")
        key = f"customer-{uuid.uuid4().hex}"
        assert admin.get("tickets").status_code == 200  # the contact's row is there
        send_now(IssueCustomerKey(contact_id=own["requester_id"], api_key=key),
                 reads=("customer_keys", "contacts"))
        world = World(caller, Api(key), None, {"own": own})
        assigned = {}
    else:
        agent = _agent_with(caller.role, caller.scope, mine)
        world = World(caller, Api(agent.key), agent.id)
        assigned = {"responder_id": agent.id}
        world.tickets["own"] = _ticket(admin, f"{run}-own", **assigned)
    other = make_agent("Someone Else")
    world.tickets["same_group"] = _ticket(admin, f"{run}-same", group_id=mine,
                                          responder_id=other.id)
    world.tickets["other_group"] = _ticket(admin, f"{run}-othergroup", group_id=theirs,
                                           responder_id=other.id)
    world.tickets["other_customer"] = _ticket(admin, f"{run}-othercustomer")
    assert admin.get("tickets").status_code == 200  # every row is projected
    return world


def expected_status(caller: Caller, endpoint: tuple[str, str], relation: str) -> int:
    if caller.customer and endpoint not in CUSTOMER_MAY:
        return 403
    if not sees(caller, relation):
        return 403
    return CALLS[endpoint][1]


def _call(api: Api, method: str, path: str, body: Any):
    if method == "GET":
        return api.get(path)
    if method == "DELETE":
        return api.delete(path)
    return getattr(api, method.lower())(path, body)


def _hidden_markers(world: World) -> list[str]:
    """What must never reach this caller: the tickets it may not see, and (a customer) every
    private note."""
    hidden = [f"-{t['marker']}" for relation, t in world.tickets.items()
              if not sees(world.caller, relation)]
    if world.caller.customer:
        hidden.append("PRIVATE-")
    return hidden


def _scan(world: World, responses: list[tuple[str, bytes]]) -> list[str]:
    leaks = []
    for where, body in responses:
        for marker in _hidden_markers(world):
            if marker.encode() in body:
                leaks.append(f"{where} holds {marker}")
    return leaks


def _listed_ids(world: World) -> set[int]:
    """The caller's ticket list, paged one at a time to the end: paging sees the same rule."""
    seen, page = set(), 1
    while True:
        response = world.api.get("tickets", {"per_page": 1, "page": page})
        assert response.status_code == 200, response.content
        if not response.json():
            return seen
        seen |= {t["id"] for t in response.json()}
        page += 1


@pytest.mark.parametrize("caller", CALLERS, ids=lambda c: c.name)
def test_every_endpoint_answers_each_caller_as_the_access_rules_say(caller):
    world = build_world(caller)
    answers, bodies = {}, []
    for relation, ticket in world.tickets.items():
        for endpoint, (body, _) in CALLS.items():
            response = _call(world.api, endpoint[1], path_of(endpoint[0], ticket), body)
            answers[(endpoint, relation)] = response.status_code
            bodies.append((f"{endpoint} {relation}", response.content))

    expected = {(endpoint, relation): expected_status(caller, endpoint, relation)
                for relation in world.tickets for endpoint in CALLS}
    wrong = {cell: (answers[cell], want) for cell, want in expected.items() if answers[cell] != want}
    assert wrong == {}

    listed = _listed_ids(world)
    mine = {t["id"] for t in world.tickets.values()}
    assert listed & mine == {t["id"] for r, t in world.tickets.items() if sees(caller, r)}
    bodies.append(("list", world.api.get("tickets", {"include": "description"}).content))
    assert _scan(world, bodies) == []


def test_an_agent_queue_and_ticket_pages_in_the_back_office_follow_the_scope():
    for scope in TicketScope:
        caller = Caller(f"agent / {scope.name}", roles.AGENT, scope)
        world = build_world(caller)
        client = Client()
        client.force_login(get_user_model().objects.get(id=world.user_id))
        queue = client.get("/admin/tickets/ticketview/")
        assert queue.status_code == 200
        for relation, ticket in world.tickets.items():
            page = client.get(f"/admin/tickets/ticketview/{ticket['id']}/change/")
            assert page.status_code == (200 if sees(caller, relation) else 403), (scope, relation)
            assert (f"SUBJECT-{ticket['marker']}".encode() in queue.content) == sees(caller,
                                                                                   relation)


def _new_agent() -> dict:
    return {"name": "New Hire", "email": f"hire-{uuid.uuid4().hex[:8]}@shopnest.example",
            "ticket_scope": 1}


def _new_group() -> dict:
    return {"name": f"Group {uuid.uuid4().hex[:8]}"}


# Agent, group and role administration (FRESHDESK_API.md §4.3, §4.4): (method, path, body).
ADMIN_ENDPOINTS = [("get", "agents", None), ("post", "agents", _new_agent),
                   ("get", "groups", None), ("post", "groups", _new_group),
                   ("get", "roles", None), ("get", "roles/1", None)]


@pytest.mark.parametrize("role", roles.ROLES, ids=lambda r: r.name)
def test_agent_group_and_role_administration_is_for_administrators(role):
    agent = make_agent()
    send_now(UpdateAgent(agent_id=agent.id, changes={"role_ids": [role.id]}))
    api = Api(agent.key)

    for method, path, body in ADMIN_ENDPOINTS:
        response = api.get(path) if method == "get" else api.post(path, body())
        if roles.is_admin([role.id]):
            assert response.status_code in (200, 201), (path, response.content)
        else:
            assert response.status_code == 403, (path, response.content)
            assert response.json()["code"] == "access_denied"
