"""The agent, group and role calls of python-freshdesk (freshdesk/v2/api.py: AgentAPI,
GroupAPI, RoleAPI), sent as it sends them: `Content-Type: application/json` on every call,
the password half "unused_with_api_key", lists fetched 100 a page (kwargs repeated as query
parameters) until a page comes back short, and every object parsed for its created_at and
updated_at (FreshdeskModel)."""

from __future__ import annotations

import json

from dateutil import parser as dateutil_parser

from .conftest import Api, make_agent
from .test_agents import make_admin

JSON = "application/json"


def client() -> Api:
    return Api(make_admin().key, password="unused_with_api_key")


def _get(api: Api, path: str):
    return api.client.get(f"/api/v2/{path}", content_type=JSON, **api._headers({}))


def _model(obj: dict) -> dict:
    """What FreshdeskModel does with every object: parse both timestamps."""
    dateutil_parser.parse(obj["created_at"])
    dateutil_parser.parse(obj["updated_at"])
    return obj


def test_list_agents_with_filters_and_a_repeated_page():
    api = client()
    bo = make_agent("Bo Occasional")
    api.put(f"agents/{bo.id}", {"occasional": True, "phone": "873902"})

    everyone = _get(api, "agents?page=1&per_page=100")
    fulltime = _get(api, "agents?page=1&per_page=100&state=fulltime")
    by_phone = _get(api, "agents?page=1&per_page=100&phone=873902")
    page_twice = _get(api, "agents?page=1&per_page=100&page=1")

    assert everyone.status_code == 200 and len(everyone.json()) == 2
    assert [_model(a)["id"] for a in by_phone.json()] == [bo.id]
    assert bo.id not in [a["id"] for a in fulltime.json()]
    assert page_twice.json() == everyone.json()
    assert all(a["contact"]["name"] for a in everyone.json())  # str(Agent)


def test_get_update_me_and_delete_agent():
    api = client()
    agent = make_agent("Cleo Case")

    got = _get(api, f"agents/{agent.id}")
    updated = api.client.put(f"/api/v2/agents/{agent.id}",
                             json.dumps({"occasional": True, "signature": "Cheers"}),
                             content_type=JSON, **api._headers({}))
    me = _get(Api(agent.key, password="unused_with_api_key"), "agents/me")
    deleted = api.client.delete(f"/api/v2/agents/{agent.id}", content_type=JSON,
                                **api._headers({}))

    assert _model(got.json())["contact"]["email"] == agent.email
    assert updated.status_code == 200
    assert (_model(updated.json())["occasional"], updated.json()["signature"]) == (True, "Cheers")
    assert _model(me.json())["id"] == agent.id
    assert deleted.status_code == 204 and deleted.content == b""


def test_list_and_get_groups():
    api = client()
    first, second = (api.post("groups", {"name": name}).json()["id"]
                     for name in ("Billing", "Shipping"))

    listed = _get(api, "groups?page=1&per_page=100")
    one = _get(api, f"groups/{second}")

    assert [_model(g)["id"] for g in listed.json()] == [first, second]
    assert _model(one.json())["name"] == "Shipping"


def test_list_and_get_roles():
    api = client()

    roles = _get(api, "roles")
    role = _get(api, "roles/1")

    assert [_model(r)["name"] for r in roles.json()][:2] == ["Account Administrator",
                                                             "Administrator"]
    assert _model(role.json())["name"] == "Account Administrator"
