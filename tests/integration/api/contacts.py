"""Helpers of the contact API tests: contacts created through the API, and companies."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction

from shopnest.eventstore import store
from shopnest.eventstore.records import NewEvent, StreamAppend


def new_contact_body(**fields: Any) -> dict[str, Any]:
    body = {"name": "Ann Lee", "email": f"ann-{uuid.uuid4().hex[:8]}@example.com"}
    body.update(fields)
    return {k: v for k, v in body.items() if v is not ...}


def create_contact(api, **fields: Any) -> dict[str, Any]:
    """Create a contact through the API and return its JSON (asserting the 201)."""
    response = api.post("contacts", new_contact_body(**fields))
    assert response.status_code == 201, response.content
    return response.json()


def existing_company(company_id: int) -> int:
    """A company stream with one event, as the companies context will write it.

    Contacts check a company reference by its stream (people/handlers/contacts.py
    `company_refs`); until the companies aggregate lands, this stands in for its command.
    """
    with transaction.atomic():
        store.append([StreamAppend(f"company-{company_id}", "company", 0, (
            NewEvent("CompanyCreated", {"company_id": company_id, "name": f"Co {company_id}"}),
        ))], {"via": "test"})
    return company_id
