"""Autocomplete, contact fields and make_agent (FRESHDESK_API.md §4.2)."""

from __future__ import annotations

import json

from django.test import Client

from tests.integration.api.conftest import Api, error_codes
from tests.integration.api.contacts import create_contact
from tests.integration.api.test_agents import make_admin


def test_autocomplete_answers_ids_and_names_of_live_contacts_starting_with_the_term(api):
    ann = create_contact(api, name="Annabel", email="zed@example.com")
    by_address = create_contact(api, name="Zed", email="annie@example.com")
    create_contact(api, name="Bob", email="bob@example.com")
    gone = create_contact(api, name="Anne", email="anne@example.com")
    api.delete(f"contacts/{gone['id']}")

    response = api.get("contacts/autocomplete", {"term": "ann"})

    assert response.status_code == 200
    assert response.json() == [{"id": ann["id"], "name": "Annabel"},
                               {"id": by_address["id"], "name": "Zed"}]
    assert api.get("contacts/autocomplete", {"term": ""}).json() == []


def test_contact_fields_are_the_default_fields_in_freshdesks_shape(api):
    response = api.get("contact_fields")

    assert response.status_code == 200
    fields = response.json()
    assert [f["name"] for f in fields][:3] == ["name", "job_title", "email"]
    assert all(f["default"] and f["type"].startswith("default_") for f in fields)
    assert all(f["created_at"] and f["updated_at"] for f in fields)
    assert [f["position"] for f in fields] == list(range(1, len(fields) + 1))
    assert {"name", "label", "required_for_agents", "customers_can_edit"} <= set(fields[0])


def test_an_admin_makes_a_contact_an_agent_with_its_address_and_name(api):
    admin = Api(make_admin().key)
    contact = create_contact(api, name="Ann Lee", email="ann@example.com", phone="555",
                             job_title="Buyer")

    response = admin.put(f"contacts/{contact['id']}/make_agent",
                         {"occasional": False, "ticket_scope": 2})

    assert response.status_code == 200, response.content
    body = response.json()
    agent = body.pop("agent")
    assert body == contact
    assert (agent["contact"]["email"], agent["contact"]["name"]) == ("ann@example.com",
                                                                     "Ann Lee")
    assert (agent["contact"]["phone"], agent["contact"]["job_title"]) == ("555", "Buyer")
    assert (agent["ticket_scope"], agent["occasional"]) == (2, False)
    assert admin.get(f"agents/{agent['id']}").json()["contact"]["email"] == "ann@example.com"
    again = admin.put(f"contacts/{contact['id']}/make_agent")
    assert again.status_code == 409


def test_only_admins_make_agents_and_only_of_live_contacts_with_an_address(api):
    admin = Api(make_admin().key)
    phoned = create_contact(api, email=None, phone="555")
    gone = create_contact(api)
    api.delete(f"contacts/{gone['id']}")

    assert api.put(f"contacts/{phoned['id']}/make_agent").status_code == 403
    assert error_codes(admin.put(f"contacts/{phoned['id']}/make_agent")) == [
        ("email", "missing_field")]
    assert admin.put(f"contacts/{gone['id']}/make_agent").status_code == 405
    assert admin.put("contacts/999999/make_agent").status_code == 404
    assert error_codes(admin.put(f"contacts/{gone['id']}/make_agent", {"x": 1})) == [
        ("x", "invalid_field")]


def test_every_contact_endpoint_is_in_the_openapi_schema():
    paths = json.loads(Client().get("/api/schema/", HTTP_ACCEPT="application/json").content
                       )["paths"]

    assert {"get", "post"} <= set(paths["/api/v2/contacts"])
    assert {"get", "put", "delete"} <= set(paths["/api/v2/contacts/{contact_id}"])
    for path in ("/api/v2/contacts/{contact_id}/restore", "/api/v2/contacts/{contact_id}/make_agent",
                 "/api/v2/contacts/autocomplete", "/api/v2/contact_fields"):
        assert path in paths, path
