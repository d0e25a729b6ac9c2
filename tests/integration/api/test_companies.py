"""Companies over the API: admins create, update and delete them; any agent reads them."""

from __future__ import annotations

import pytest
from django.test import Client

from .conftest import Api, error_codes
from .test_agents import make_admin


@pytest.fixture
def admin_api():
    return Api(make_admin().key)


@pytest.fixture
def create_company(admin_api):
    def create(name="Acme", **fields):
        response = admin_api.post("companies", {"name": name, **fields})
        assert response.status_code == 201, response.content
        # The admin's own read waits for the read table to show the write: then any agent
        # sees the company too.
        assert admin_api.get(f"companies/{response.json()['id']}").status_code == 200
        return response.json()

    return create


def test_an_admin_creates_a_company_answered_in_freshdesks_shape_with_its_location(admin_api):
    response = admin_api.post("companies", {
        "name": "Acme", "description": "Rockets", "domains": ["Acme.com", "acme.org"],
        "note": "VIP", "health_score": "Happy", "account_tier": "Premium",
        "renewal_date": "2025-12-31", "industry": "Retail",
        "custom_fields": {"website": "https://acme.com", "seats": 12, "trial": False}})

    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"].endswith(f"/api/v2/companies/{body['id']}")
    assert {k: v for k, v in body.items() if k not in ("id", "created_at", "updated_at")} == {
        "name": "Acme", "description": "Rockets", "domains": ["acme.com", "acme.org"],
        "note": "VIP", "health_score": "Happy", "account_tier": "Premium",
        "renewal_date": "2025-12-31T00:00:00Z", "industry": "Retail",
        "custom_fields": {"website": "https://acme.com", "seats": 12, "trial": False}}
    assert body["created_at"] and body["updated_at"]


def test_any_agent_views_and_lists_companies_but_only_admins_write(api, create_company):
    company = create_company()

    assert api.get(f"companies/{company['id']}").json() == company
    assert [c["id"] for c in api.get("companies").json()] == [company["id"]]
    refused = [api.post("companies", {"name": "Other"}),
               api.put(f"companies/{company['id']}", {"note": "x"}),
               api.delete(f"companies/{company['id']}")]
    assert [r.status_code for r in refused] == [403, 403, 403]
    assert refused[0].json() == {"code": "access_denied",
                                 "message": "You are not authorized to perform this action."}
    assert Api(None).get("companies").status_code == 401


def test_an_update_changes_the_fields_sent_and_keeps_the_rest(admin_api, create_company):
    company = create_company(description="Rockets", custom_fields={"a": "1", "b": "2"})

    response = admin_api.put(f"companies/{company['id']}",
                             {"description": "Rocket Manufacturing", "custom_fields": {"b": None}})

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["name"], body["description"]) == ("Acme", "Rocket Manufacturing")
    assert body["custom_fields"] == {"a": "1", "b": None}
    assert admin_api.get(f"companies/{company['id']}").json() == body


def test_a_deleted_company_is_gone_and_its_name_and_domains_are_free(admin_api, create_company):
    company = create_company(domains=["acme.com"])

    assert admin_api.delete(f"companies/{company['id']}").status_code == 204
    assert admin_api.get(f"companies/{company['id']}").status_code == 404
    assert admin_api.delete(f"companies/{company['id']}").status_code == 404
    assert admin_api.put(f"companies/{company['id']}", {"note": "x"}).status_code == 404
    assert admin_api.get("companies").json() == []
    assert create_company(domains=["acme.com"])["id"] != company["id"]


def test_an_unknown_company_is_404(admin_api):
    assert admin_api.get("companies/999999").status_code == 404
    assert admin_api.put("companies/999999", {"note": "x"}).status_code == 404


def test_a_duplicate_name_in_any_case_is_a_409_naming_the_owner(admin_api, create_company):
    company = create_company()

    response = admin_api.post("companies", {"name": " ACME "})

    assert response.status_code == 409
    assert response.json() == {"description": "Validation failed", "errors": [{
        "field": "name", "message": "It should be a unique value", "code": "duplicate_value",
        "additional_info": {"company_id": company["id"]}}]}


def test_a_domain_belongs_to_one_company_at_most(admin_api, create_company):
    acme = create_company(domains=["acme.com"])
    beta = create_company("Beta", domains=["beta.com"])

    on_create = admin_api.post("companies", {"name": "Gamma", "domains": ["ACME.com"]})
    on_update = admin_api.put(f"companies/{beta['id']}", {"domains": ["beta.com", "acme.com"]})

    assert (on_create.status_code, on_update.status_code) == (409, 409)
    assert error_codes(on_update) == [("domains", "duplicate_value")]
    assert on_update.json()["errors"][0]["additional_info"] == {"company_id": acme["id"]}
    assert admin_api.get(f"companies/{beta['id']}").json()["domains"] == ["beta.com"]


def test_a_rename_frees_the_old_name_and_takes_the_new_one(admin_api, create_company):
    acme = create_company(domains=["acme.com"])

    renamed = admin_api.put(f"companies/{acme['id']}", {"name": "Acme Rockets",
                                                        "domains": ["rockets.com"]})

    assert renamed.status_code == 200, renamed.content
    assert create_company("acme", domains=["acme.com"])["name"] == "acme"
    assert admin_api.post("companies", {"name": "ACME rockets"}).status_code == 409
    assert admin_api.post("companies", {"name": "X", "domains": ["rockets.com"]}).status_code == 409


def test_list_pages_fill_every_page_but_the_last_with_a_next_link(admin_api, create_company):
    for name in ("Delta", "Alpha", "Charlie", "Bravo", "Echo"):
        create_company(name)

    first = admin_api.get("companies", {"per_page": 2, "page": 1})
    last = admin_api.get("companies", {"per_page": 2, "page": 3})

    assert [c["name"] for c in first.json()] == ["Alpha", "Bravo"]
    assert 'page=2' in first["Link"] and 'rel="next"' in first["Link"]
    assert [c["name"] for c in last.json()] == ["Echo"]
    assert "Link" not in last
    assert admin_api.get("companies", {"page": 9}).json() == []
    assert admin_api.get("companies", {"per_page": 101}).status_code == 400


def test_updated_since_is_inclusive_and_reads_fractional_seconds(admin_api, create_company):
    company = create_company()
    stamp = company["updated_at"]

    at_stamp = admin_api.get("companies", {"updated_since": stamp.replace("Z", ".000Z")})
    after = admin_api.get("companies", {"updated_since": stamp.replace("Z", ".5Z")})

    assert [c["id"] for c in at_stamp.json()] == [company["id"]]
    assert after.json() == []
    assert admin_api.get("companies", {"updated_since": "yesterday"}).status_code == 400
    assert admin_api.get("companies", {"colour": "red"}).status_code == 400


def test_autocomplete_finds_companies_by_the_start_of_their_name(api, create_company):
    acme = create_company("Acme")
    create_company("Beta")
    academy = create_company("academy")

    response = api.get("companies/autocomplete", {"name": "AC"})

    assert response.status_code == 200
    assert response.json() == {"companies": [{"id": academy["id"], "name": "academy"},
                                             {"id": acme["id"], "name": "Acme"}]}
    assert api.get("companies/autocomplete", {"name": "zz"}).json() == {"companies": []}
    assert error_codes(api.get("companies/autocomplete")) == [("name", "missing_field")]


def test_company_fields_lists_the_default_fields(api):
    response = api.get("company_fields")

    assert response.status_code == 200
    fields = response.json()
    assert [f["name"] for f in fields] == ["name", "description", "note", "domains",
                                           "health_score", "account_tier", "renewal_date",
                                           "industry"]
    assert fields[0]["type"] == "default_name" and fields[0]["required_for_agent"] is True
    assert all(f["created_at"] and f["updated_at"] and f["default"] for f in fields)


def test_a_form_body_creates_a_company_as_json_does(admin_api):
    response = admin_api.post_form("companies", {"name": "Formed", "domains[]": ["a.com", "b.com"],
                                                 "custom_fields[tier]": "gold"})

    assert response.status_code == 201, response.content
    assert (response.json()["domains"], response.json()["custom_fields"]) == (
        ["a.com", "b.com"], {"tier": "gold"})


@pytest.mark.parametrize("body, field", [
    ({"name": "A\u0000B"}, "name"),
    ('{"name": "\\ud800"}', "name"),
    ({"name": "A", "custom_fields": {"n": 2**70}}, "custom_fields"),
    ('{"name": "A", "custom_fields": {"n": NaN}}', "custom_fields"),
    ('{"name": "A", "custom_fields": {"n": 1e999}}', "custom_fields"),
    ({"name": "A", "custom_fields": {"n": {"deep": 1}}}, "custom_fields"),
    ({"name": "A", "custom_fields": "x"}, "custom_fields"),
    ({"name": {"first": "A"}}, "name"),
    ({"name": ["A"]}, "name"),
    ({"name": 12}, "name"),
    ({"name": "A", "domains": "a.com"}, "domains"),
    ({"name": "A", "domains": [{"d": "a.com"}]}, "domains"),
    ({"name": "A", "domains": ["a b"]}, "domains"),
    ({"name": "A", "renewal_date": "31/12/2025"}, "renewal_date"),
    ({"name": "A", "renewal_date": 20251231}, "renewal_date"),
    ({"name": "A", "note": True}, "note"),
    ({"name": "A", "id": 5}, "id"),
    ({}, "name"),
])
def test_bad_input_is_a_400_naming_the_field(admin_api, body, field):
    response = admin_api.post("companies", body)

    assert response.status_code == 400, response.content
    assert field in [f for f, _ in error_codes(response)]
    assert admin_api.get("companies").json() == []


def test_a_body_that_is_not_an_object_is_a_400(admin_api, create_company):
    company = create_company()
    for body in ('["a"]', '"a"', "{bad json"):
        assert admin_api.post("companies", body).status_code == 400
        assert admin_api.put(f"companies/{company['id']}", body).status_code == 400


def test_every_company_endpoint_is_in_the_openapi_schema():
    paths = Client().get("/api/schema/", {"format": "json"}).json()["paths"]

    assert set(paths["/api/v2/companies"]) >= {"get", "post"}
    assert set(paths["/api/v2/companies/{company_id}"]) >= {"get", "put", "delete"}
    assert "get" in paths["/api/v2/companies/autocomplete"]
    assert "get" in paths["/api/v2/company_fields"]
