"""The company calls of python-freshdesk (freshdesk/v2/api.py, CompanyAPI), sent as it
sends them: JSON bodies, `Content-Type: application/json` on every call (GET and DELETE
too), list pages of 100 fetched until one comes back short, and every object read back
with its created_at and updated_at."""

from __future__ import annotations

import json

from .conftest import Api
from .test_agents import make_admin

JSON = "application/json"


def client() -> Api:
    return Api(make_admin().key, password="unused_with_api_key")


def test_create_get_update_and_delete_as_python_freshdesk_sends_them():
    api = client()
    created = api.client.post("/api/v2/companies", json.dumps(
        {"name": "Super Nova", "description": "Space Shuttle Manufacturing",
         "domains": ["supernova", "nova", "super"],
         "custom_fields": {"website": "https://www.supernova.org"}}),
        content_type=JSON, **api._headers({}))
    assert created.status_code == 201, created.content
    company_id = created.json()["id"]

    got = api.client.get(f"/api/v2/companies/{company_id}", content_type=JSON,
                         **api._headers({})).json()
    updated = api.client.put(f"/api/v2/companies/{company_id}",
                             json.dumps({"description": "Rocket Manufacturing"}),
                             content_type=JSON, **api._headers({}))
    deleted = api.client.delete(f"/api/v2/companies/{company_id}", content_type=JSON,
                                **api._headers({}))

    assert got["domains"] == ["supernova", "nova", "super"]
    assert got["industry"] is None and got["created_at"] and got["updated_at"]
    assert got["custom_fields"].get("website") == "https://www.supernova.org"
    assert updated.status_code == 200
    assert (updated.json()["name"], updated.json()["description"]) == (
        "Super Nova", "Rocket Manufacturing")
    assert deleted.status_code == 204 and deleted.content == b""


def test_list_companies_pages_by_100_until_a_short_page_and_takes_a_repeated_page():
    api = client()
    for n in range(3):
        assert api.post("companies", {"name": f"Company {n}"}).status_code == 201

    # list_companies(page=1) sends its own page and per_page, then the kwargs again.
    first = api.client.get("/api/v2/companies?page=1&per_page=100&page=1",
                           content_type=JSON, **api._headers({}))

    assert first.status_code == 200
    assert [c["name"] for c in first.json()] == ["Company 0", "Company 1", "Company 2"]
    assert "Link" not in first
    assert all(c["created_at"] and c["updated_at"] for c in first.json())
