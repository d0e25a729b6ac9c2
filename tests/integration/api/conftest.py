"""Shared helpers of the API integration tests: agents made through the real command path,
a JSON client speaking HTTP Basic with the agent's API key, and a ticket factory."""

from __future__ import annotations

import base64
import io
import json
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from people.domain.companies import CreateCompany
from shopnest.mediator import mediator

API = "/api/v2/"


@dataclass(frozen=True)
class Agent:
    id: int
    email: str
    name: str
    key: str


def make_agent(name: str = "Ada Agent", *, email: str | None = None, key: str | None = None) -> Agent:
    """Register an agent with `createagent` (mediator + accounts projection); usable at once."""
    email = email or f"agent-{uuid.uuid4().hex[:10]}@shopnest.example"
    key = key or f"key-{uuid.uuid4().hex}"
    out = io.StringIO()
    call_command("createagent", email=email, name=name, api_key=key, stdout=out)
    agent_id = int(out.getvalue().split("agent id:")[1].split()[0])
    return Agent(id=agent_id, email=email, name=name, key=key)


def make_group(name: str | None = None) -> int:
    """Create a group through the mediator (tickets may only name groups that exist)."""
    from people.domain.groups import CreateGroup
    from shopnest.mediator import mediator

    fields = {"name": name or f"Group {uuid.uuid4().hex[:8]}"}
    return mediator.send(CreateGroup(fields=fields)).result["group"]["id"]


def basic_auth(user: str, password: str = "X") -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def url(path: str) -> str:
    return path if path.startswith(("/", "http://", "https://")) else API + path


class Api:
    """A Django test client that sends JSON and the agent's credentials on every call."""

    def __init__(self, key: str | None, password: str = "X"):
        self.client = Client(raise_request_exception=False)
        self.key = key
        self.password = password

    def _headers(self, headers: dict[str, str]) -> dict[str, str]:
        out = {}
        if self.key is not None:
            out["HTTP_AUTHORIZATION"] = basic_auth(self.key, self.password)
        for name, value in headers.items():
            out[name if name.isupper() else "HTTP_" + name.upper().replace("-", "_")] = value
        return out

    def get(self, path: str, params: Any = None, **headers):
        return self.client.get(url(path), params or {}, **self._headers(headers))

    def _send(self, method: str, path: str, body: Any, headers: dict[str, str]):
        content_type = headers.pop("content_type", "application/json")
        data = body if isinstance(body, str | bytes) or body is None else json.dumps(body)
        return getattr(self.client, method)(url(path), data if data is not None else "",
                                            content_type=content_type, **self._headers(headers))

    def post(self, path: str, body: Any = None, **headers):
        return self._send("post", path, body, headers)

    def put(self, path: str, body: Any = None, **headers):
        return self._send("put", path, body, headers)

    def patch(self, path: str, body: Any = None, **headers):
        return self._send("patch", path, body, headers)

    def delete(self, path: str, **headers):
        return self._send("delete", path, None, headers)

    def post_form(self, path: str, fields: dict[str, Any], **headers):
        """POST a multipart/form-data body (Django's test client encodes it)."""
        return self.client.post(url(path), fields, **self._headers(headers))


def error_codes(response) -> list[tuple[str | None, str]]:
    """Return the `(field, code)` pairs of a Freshdesk validation error body."""
    body = response.json()
    assert body["description"] == "Validation failed", body
    return [(e.get("field"), e["code"]) for e in body["errors"]]


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()]


def new_ticket_body(**fields: Any) -> dict[str, Any]:
    body = {"subject": "Where is my order?", "description": "<p>It has not arrived.</p>",
            "email": f"customer-{uuid.uuid4().hex[:8]}@example.com"}
    if "requester_id" in fields or "phone" in fields:
        body.pop("email")
    body.update(fields)
    return body


def make_company(name: str | None = None, **fields: Any) -> int:
    """Create a company through the mediator, as an admin's API call does; return its id.
    Tickets check `company_id` against the company's stream, so it is usable at once."""
    command = CreateCompany(fields={"name": name or f"Company {uuid.uuid4().hex[:8]}", **fields})
    return mediator.send(command).result["company"]["id"]


def join_company(api: Api, email: str, company_id: int) -> int:
    """Make the contact with `email` (created if new) a member of the company; return their id."""
    found = api.get("contacts", {"email": email}).json()
    if not found:
        made = api.post("contacts", {"name": email.partition("@")[0], "email": email,
                                     "company_id": company_id})
        assert made.status_code == 201, made.content
        return made.json()["id"]
    contact = found[0]
    if company_id == contact["company_id"] or company_id in [
            c["company_id"] for c in contact["other_companies"]]:
        return contact["id"]
    change = ({"company_id": company_id} if contact["company_id"] is None else
              {"other_companies": [*contact["other_companies"],
                                   {"company_id": company_id, "view_all_tickets": False}]})
    changed = api.put(f"contacts/{contact['id']}", change)
    assert changed.status_code == 200, changed.content
    return contact["id"]


@pytest.fixture
def agent() -> Agent:
    return make_agent()


@pytest.fixture
def api(agent: Agent) -> Api:
    return Api(agent.key)


@pytest.fixture
def create_ticket(api: Api):
    """Create a ticket through the API and return its JSON (asserting the 201)."""

    def create(**fields: Any) -> dict[str, Any]:
        body = new_ticket_body(**fields)
        if body.get("company_id") is not None and body.get("email"):
            # A ticket's company is one of its requester's: make them a contact of it.
            join_company(api, body["email"], body["company_id"])
        response = api.post("tickets", body)
        assert response.status_code == 201, response.content
        return response.json()

    return create


@pytest.fixture
def add_reply(api: Api):
    def reply(ticket_id: int, body: str = "<p>We are on it.</p>", **fields: Any) -> dict:
        response = api.post(f"tickets/{ticket_id}/reply", {"body": body, **fields})
        assert response.status_code == 201, response.content
        return response.json()

    return reply


@pytest.fixture
def add_note(api: Api):
    def note(ticket_id: int, body: str = "<p>Checked the warehouse.</p>", **fields: Any) -> dict:
        response = api.post(f"tickets/{ticket_id}/notes", {"body": body, **fields})
        assert response.status_code == 201, response.content
        return response.json()

    return note
