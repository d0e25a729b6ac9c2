"""Helpers of the contact API tests: contacts created through the API, and companies."""

from __future__ import annotations

import uuid
from typing import Any

from tests.integration.api.conftest import make_company


def new_contact_body(**fields: Any) -> dict[str, Any]:
    body = {"name": "Ann Lee", "email": f"ann-{uuid.uuid4().hex[:8]}@example.com"}
    body.update(fields)
    return {k: v for k, v in body.items() if v is not ...}


def create_contact(api, **fields: Any) -> dict[str, Any]:
    """Create a contact through the API and return its JSON (asserting the 201)."""
    response = api.post("contacts", new_contact_body(**fields))
    assert response.status_code == 201, response.content
    return response.json()


def existing_company(name: str | None = None, **fields: Any) -> int:
    """A company of the desk, created through the mediator (contacts check a company
    reference against its stream, so it is usable at once)."""
    return make_company(name, **fields)
