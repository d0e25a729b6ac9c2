"""DELETE /agents/{id} answers only once the accounts projection, run by a real Celery
worker, has written the deactivation: the agent's very next request is refused."""

from __future__ import annotations

import base64

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.e2e

ADMIN_KEY, AGENT_KEY = "e2e-admin-key", "e2e-leaver-key"


def _auth(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{key}:X".encode()).decode()}


def _agent_id(client: Client) -> int:
    response = client.get("/api/v2/agents/me", **_auth(AGENT_KEY))
    assert response.status_code == 200, response.content
    return response.json()["id"]


def test_a_deactivated_agents_key_is_refused_as_soon_as_the_delete_answers(celery_processes):
    celery_processes.start_worker()
    # createagent waits until the worker projected each account.
    call_command("createagent", email="boss@shopnest.example", name="Boss", api_key=ADMIN_KEY,
                 admin=True)
    call_command("createagent", email="leaver@shopnest.example", name="Leaver",
                 api_key=AGENT_KEY)
    client = Client()
    agent_id = _agent_id(client)

    deleted = client.delete(f"/api/v2/agents/{agent_id}", content_type="application/json",
                            **_auth(ADMIN_KEY))
    refused = client.get("/api/v2/agents/me", **_auth(AGENT_KEY))

    assert deleted.status_code == 204, deleted.content
    assert deleted.get("X-Consistency") != "stale", celery_processes.log("worker.log")
    assert refused.status_code == 401
    assert "run_projection" in celery_processes.log("worker.log")


def test_a_role_change_is_in_force_as_soon_as_the_update_answers(celery_processes):
    celery_processes.start_worker()
    call_command("createagent", email="boss@shopnest.example", name="Boss", api_key=ADMIN_KEY,
                 admin=True)
    call_command("createagent", email="leaver@shopnest.example", name="Promoted",
                 api_key=AGENT_KEY)
    client = Client()
    agent_id = _agent_id(client)
    assert client.get("/api/v2/groups", **_auth(AGENT_KEY)).status_code == 403

    updated = client.put(f"/api/v2/agents/{agent_id}", {"role_ids": [2]},
                         content_type="application/json", **_auth(ADMIN_KEY))

    assert updated.status_code == 200, updated.content
    assert client.get("/api/v2/groups", **_auth(AGENT_KEY)).status_code == 200
