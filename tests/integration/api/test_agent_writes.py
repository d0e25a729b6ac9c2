"""Admins create, update and deactivate agents over the API; everyone else gets 403."""

from __future__ import annotations

import uuid

import pytest

from people.queries.access import agent_access

from .conftest import Api, error_codes, make_agent
from .test_agents import make_admin


@pytest.fixture
def admin_api() -> Api:
    return Api(make_admin().key)


def _email() -> str:
    return f"new-{uuid.uuid4().hex[:8]}@shopnest.example"


def _create(api: Api, **fields):
    return api.post("agents", {"email": _email(), "name": "Nia New", "ticket_scope": 1, **fields})


def test_an_admin_creates_an_agent_with_its_profile(admin_api):
    email = _email()
    response = admin_api.post("agents", {
        "email": email, "name": "Nia New", "ticket_scope": 2, "role_ids": [3],
        "occasional": True, "signature": "<p>Nia</p>", "phone": "+44 1", "mobile": "+44 2",
        "job_title": "Lead", "language": "fr", "time_zone": "Paris"})

    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"].endswith(f"/api/v2/agents/{body['id']}")
    assert {k: body[k] for k in ("ticket_scope", "role_ids", "occasional", "signature",
                                 "group_ids", "available")} == {
        "ticket_scope": 2, "role_ids": [3], "occasional": True, "signature": "<p>Nia</p>",
        "group_ids": [], "available": False}
    assert body["contact"] | {"created_at": None, "updated_at": None, "last_login_at": None} == {
        "active": True, "email": email, "job_title": "Lead", "language": "fr",
        "last_login_at": None, "mobile": "+44 2", "name": "Nia New", "phone": "+44 1",
        "time_zone": "Paris", "created_at": None, "updated_at": None}
    assert "api_key" not in str(body)
    assert admin_api.get(f"agents/{body['id']}").json() == body


def test_a_new_agent_is_an_agent_by_role_unless_an_admin_role_is_given(admin_api):
    plain = _create(admin_api).json()
    boss = _create(admin_api, role_ids=[2]).json()

    assert plain["role_ids"] == [4]
    assert admin_api.get(f"agents/{boss['id']}").json()["role_ids"] == [2]  # read: projected
    # The new admin's key is not known; its admin power shows through agent_access.
    assert agent_access(boss["id"]).is_admin and not agent_access(plain["id"]).is_admin


def test_ticket_scope_is_required_on_create_and_must_be_1_2_or_3(admin_api):
    missing = admin_api.post("agents", {"email": _email(), "name": "X"})
    wrong = _create(admin_api, ticket_scope=4)

    assert (missing.status_code, error_codes(missing)) == (400, [("ticket_scope", "missing_field")])
    assert (wrong.status_code, error_codes(wrong)) == (400, [("ticket_scope", "invalid_value")])


def test_a_duplicate_email_is_409_with_the_owner(admin_api, agent):
    response = admin_api.post("agents", {"email": agent.email.upper(), "ticket_scope": 1})

    assert response.status_code == 409
    assert response.json()["errors"][0] | {"message": None} == {
        "field": "email", "code": "duplicate_value", "message": None,
        "additional_info": {"user_id": agent.id}}


@pytest.mark.parametrize("fields, field", [
    ({"role_ids": [99]}, "role_ids"),
    ({"role_ids": []}, "role_ids"),
    ({"group_ids": [123456789]}, "group_ids"),
    ({"group_ids": [2**70]}, "group_ids"),
    ({"group_ids": "1"}, "group_ids"),
    ({"group_ids": [{"id": 1}]}, "group_ids"),
    ({"signature": "a\u0000b"}, "signature"),
    ({"job_title": "\ud800"}, "job_title"),
    ({"phone": {"nested": "object"}}, "phone"),
    ({"occasional": "yes"}, "occasional"),
    ({"ticket_scope": 2**80}, "ticket_scope"),
    ({"name": "x" * 151}, "name"),
    ({"skills": []}, "skills"),
])
def test_bad_input_is_a_400_naming_the_field(admin_api, fields, field):
    response = _create(admin_api, **fields)

    assert response.status_code == 400, response.content
    assert field in [f for f, _ in error_codes(response)]


def test_an_admin_updates_any_field_and_availability_sets_available_since(admin_api, agent):
    response = admin_api.put(f"agents/{agent.id}", {"name": "Ada Renamed", "ticket_scope": 3,
                                                    "available": True, "role_ids": [3, 4]})

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["contact"]["name"], body["ticket_scope"], body["role_ids"]) == (
        "Ada Renamed", 3, [3, 4])
    assert body["available"] is True and body["available_since"]
    assert admin_api.get(f"agents/{agent.id}").json() == body
    off = admin_api.put(f"agents/{agent.id}", {"available": False}).json()
    assert (off["available"], off["available_since"]) == (False, None)


def test_a_changed_email_frees_the_old_one_and_cannot_take_anothers(admin_api, agent):
    other = make_agent("Bo")
    taken = admin_api.put(f"agents/{agent.id}", {"email": other.email})
    moved = admin_api.put(f"agents/{agent.id}", {"email": "ada.new@shopnest.example"})
    reused = admin_api.post("agents", {"email": agent.email, "ticket_scope": 1})

    assert taken.status_code == 409
    assert moved.json()["contact"]["email"] == "ada.new@shopnest.example"
    assert reused.status_code == 201


def test_making_an_agent_an_administrator_gives_it_the_admin_endpoints(admin_api, agent):
    assert Api(agent.key).get("agents").status_code == 403

    admin_api.put(f"agents/{agent.id}", {"role_ids": [2]})

    assert Api(agent.key).get("agents").status_code == 200


def test_deleting_an_agent_deactivates_it_at_once(admin_api, agent):
    assert Api(agent.key).get("agents/me").status_code == 200

    response = admin_api.delete(f"agents/{agent.id}")

    assert response.status_code == 204
    assert Api(agent.key).get("agents/me").status_code == 401
    assert admin_api.get(f"agents/{agent.id}").status_code == 404
    assert agent.id not in [a["id"] for a in admin_api.get("agents").json()]
    assert admin_api.delete(f"agents/{agent.id}").status_code == 404
    assert admin_api.put(f"agents/{agent.id}", {"name": "Back"}).status_code == 404
    # Its e-mail address stays taken: the account is not silently registered again.
    assert admin_api.post("agents", {"email": agent.email, "ticket_scope": 1}).status_code == 409


def test_agents_are_filtered_by_phone_mobile_and_state(admin_api):
    a = _create(admin_api, phone="111", occasional=True).json()
    b = _create(admin_api, mobile="222").json()

    assert [x["id"] for x in admin_api.get("agents", {"phone": "111"}).json()] == [a["id"]]
    assert [x["id"] for x in admin_api.get("agents", {"mobile": "222"}).json()] == [b["id"]]
    assert [x["id"] for x in admin_api.get("agents", {"state": "occasional"}).json()] == [a["id"]]
    assert a["id"] not in [x["id"] for x in admin_api.get("agents", {"state": "fulltime"}).json()]
    assert admin_api.get("agents", {"state": "retired"}).status_code == 400


def test_agents_are_listed_by_name_in_pages():
    admin = make_admin("Aaron Admin")
    api = Api(admin.key)
    names = [_create(api, name=f"Page {i}").json()["contact"]["name"] for i in range(3)]

    first = api.get("agents", {"per_page": 2})
    second = api.get("agents", {"per_page": 2, "page": 2})

    listed = [a["contact"]["name"] for a in first.json() + second.json()]
    assert listed == sorted(["Aaron Admin", *names])
    assert 'rel="next"' in first["Link"] and "Link" not in second


def test_autocomplete_finds_agents_by_name_or_email(admin_api):
    nia = _create(admin_api, name="Niamh Quinn").json()

    by_name = admin_api.get("agents/autocomplete", {"term": "niam"})
    by_email = admin_api.get("agents/autocomplete", {"term": nia["contact"]["email"][:8]})

    assert by_name.json() == [{"id": nia["id"], "name": "Niamh Quinn",
                               "email": nia["contact"]["email"]}]
    assert nia["id"] in [a["id"] for a in by_email.json()]
    assert admin_api.get("agents/autocomplete").status_code == 400


@pytest.mark.parametrize("method, path", [
    ("post", "agents"), ("put", "agents/{id}"), ("delete", "agents/{id}"),
    ("get", "agents/{id}"), ("get", "agents/autocomplete?term=a"),
])
def test_non_admins_may_not_administer_agents(agent, method, path):
    api = Api(agent.key)
    call = getattr(api, method)
    target = path.format(id=agent.id)

    response = call(target) if method in ("get", "delete") else call(target, {"name": "x"})

    assert response.status_code == 403
    assert response.json()["code"] == "access_denied"


@pytest.mark.parametrize("changes, field", [
    ({"email": "not-an-address"}, "email"),
    ({"email": "a\u0000@b.example"}, "email"),
    ({"name": ""}, "name"),
    ({"name": {"first": "A"}}, "name"),
    ({"available": "true"}, "available"),
    ({"ticket_scope": 0}, "ticket_scope"),
    ({"group_ids": [2**63]}, "group_ids"),
    ({"role_ids": ["1"]}, "role_ids"),
    ({"time_zone": "\ud83d"}, "time_zone"),
    ({"id": 5}, "id"),
])
def test_bad_input_to_an_update_is_a_400_and_changes_nothing(admin_api, agent, changes, field):
    before = admin_api.get(f"agents/{agent.id}").json()

    response = admin_api.put(f"agents/{agent.id}", changes)

    assert response.status_code == 400, response.content
    assert field in [f for f, _ in error_codes(response)]
    assert admin_api.get(f"agents/{agent.id}").json() == before


def test_an_unknown_agent_is_404_for_update_and_delete(admin_api):
    assert admin_api.put("agents/999999", {"name": "Nobody"}).status_code == 404
    assert admin_api.delete("agents/999999").status_code == 404


def test_a_create_retried_under_its_idempotency_key_makes_one_agent(admin_api):
    body = {"email": _email(), "name": "Once", "ticket_scope": 1}

    first = admin_api.post("agents", body, **{"Idempotency-Key": "create-once"})
    again = admin_api.post("agents", body, **{"Idempotency-Key": "create-once"})

    assert (first.status_code, again.status_code) == (201, 201), again.content
    assert again.json()["id"] == first.json()["id"]
    assert [a["id"] for a in admin_api.get("agents", {"email": body["email"]}).json()] == [
        first.json()["id"]]
