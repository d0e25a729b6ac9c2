"""Agent endpoints: /agents/me for any agent, /agents for admins only (403 otherwise)."""

from __future__ import annotations

import io
import uuid

from django.core.management import call_command

from .conftest import Agent, Api


def make_admin(name: str = "Ada Admin") -> Agent:
    email, key = f"admin-{uuid.uuid4().hex[:8]}@shopnest.example", f"key-{uuid.uuid4().hex}"
    out = io.StringIO()
    call_command("createagent", email=email, name=name, api_key=key, admin=True, stdout=out)
    return Agent(id=int(out.getvalue().split("agent id:")[1].split()[0]), email=email, name=name,
                 key=key)


def test_any_agent_reads_itself_at_agents_me(agent):
    response = Api(agent.key).get("agents/me")

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == agent.id
    assert body["contact"]["email"] == agent.email
    assert body["contact"]["name"] == agent.name
    assert body["created_at"] and body["updated_at"]


def test_a_non_admin_listing_agents_is_refused_with_access_denied(agent):
    response = Api(agent.key).get("agents")

    assert response.status_code == 403
    assert response.json() == {"code": "access_denied",
                               "message": "You are not authorized to perform this action."}


def test_an_admin_lists_agents_by_name_and_filters_by_email(agent):
    admin = make_admin("Zoe Admin")
    api = Api(admin.key)

    listed = api.get("agents")
    filtered = api.get("agents", {"email": agent.email.upper()})

    assert [a["contact"]["name"] for a in listed.json()] == sorted([agent.name, admin.name])
    assert [a["id"] for a in filtered.json()] == [agent.id]


def test_an_admin_views_one_agent_and_an_unknown_id_is_404(agent):
    api = Api(make_admin().key)

    assert api.get(f"agents/{agent.id}").json()["id"] == agent.id
    assert api.get("agents/999999").status_code == 404


def test_agents_without_credentials_is_401():
    assert Api(None).get("agents/me").status_code == 401
