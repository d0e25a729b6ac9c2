"""A command sent over HTTP becomes visible through a query endpoint only because a real
Celery worker, fed by the real broker, projected it."""

from __future__ import annotations

import base64
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client

from shopnest.projections.kick import pending_key
from shopnest.projections.partitions import Partition

API_KEY = "e2e-agent-key"
pytestmark = pytest.mark.e2e


def _auth() -> dict:
    token = base64.b64encode(f"{API_KEY}:X".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def _projected_ticket_ids() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM tickets_ticket_view")
        return {row[0] for row in cursor.fetchall()}


def _wait_until(predicate, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def _create_agent(celery_processes) -> None:
    # The accounts projection runs in the worker; createagent waits for it.
    call_command("createagent", email="e2e@shopnest.example", name="E2E Agent", api_key=API_KEY)


def test_a_ticket_created_over_http_is_listed_once_the_worker_projected_it(celery_processes):
    celery_processes.start_worker()
    _create_agent(celery_processes)
    client = Client()

    created = client.post("/api/v2/tickets", {"email": "kim@example.com", "subject": "Refund?"},
                          content_type="application/json", **_auth())
    assert created.status_code == 201, created.content
    ticket_id = created.json()["id"]

    # This process does not project (tasks are not eager here): the worker must.
    assert _wait_until(lambda: ticket_id in _projected_ticket_ids()), celery_processes.log("worker.log")
    listed = client.get("/api/v2/tickets", **_auth())
    assert listed.status_code == 200
    assert [t["id"] for t in listed.json()] == [ticket_id]
    assert "run_projection" in celery_processes.log("worker.log")


def test_a_note_is_visible_to_its_author_at_once_through_the_worker(celery_processes):
    celery_processes.start_worker()
    _create_agent(celery_processes)
    client = Client()
    ticket = client.post("/api/v2/tickets", {"email": "lee@example.com", "subject": "Late parcel"},
                         content_type="application/json", **_auth()).json()

    note = client.post(f"/api/v2/tickets/{ticket['id']}/notes", {"body": "Asked the carrier"},
                       content_type="application/json", **_auth())
    conversations = client.get(f"/api/v2/tickets/{ticket['id']}/conversations", **_auth())

    assert note.status_code == 201
    assert conversations["X-Consistency"] == "consistent", celery_processes.log("worker.log")
    assert [c["id"] for c in conversations.json()] == [note.json()["id"]]


def test_the_beat_sweep_projects_events_whose_kick_was_lost(celery_processes):
    # A lingering run would hold the flag itself and serve the mark (linger.py): here no run
    # is there to serve it, as after a worker lost the message.
    celery_processes.env["PROJECTION_LINGER_SECONDS"] = "0"
    celery_processes.start_worker()
    _create_agent(celery_processes)
    # A stale "run already pending" marker swallows the on-commit kick of the next command.
    cache.set(pending_key(Partition("tickets", 0, 1)), 1, 300)
    created = Client().post("/api/v2/tickets", {"email": "max@example.com", "subject": "Damaged"},
                            content_type="application/json", **_auth())
    ticket_id = created.json()["id"]
    time.sleep(1.0)
    assert ticket_id not in _projected_ticket_ids()

    celery_processes.start_beat()

    assert _wait_until(lambda: ticket_id in _projected_ticket_ids()), celery_processes.log("beat.log")


def _other_backends() -> set[tuple[int, str]]:
    """The database's other connections (the worker's), each as (pid, when it started)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid, backend_start::text FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                       "AND backend_type = 'client backend'")
        return set(cursor.fetchall())


def test_the_worker_keeps_its_database_connections_from_task_to_task(celery_processes):
    # As deployed (the other tests' workers close theirs at once, CONN_MAX_AGE 0).
    celery_processes.env["DB_CONN_MAX_AGE"] = "60"
    celery_processes.start_worker()
    _create_agent(celery_processes)
    client = Client()
    created = []
    for n in range(3):
        created.append(client.post("/api/v2/tickets", {"email": f"kept{n}@example.com",
                                                       "subject": "Refund?"},
                                   content_type="application/json", **_auth()).json()["id"])
        assert _wait_until(lambda: created[-1] in _projected_ticket_ids())
    before = _other_backends()
    assert before  # the worker's two processes are connected
    for n in range(5):
        created.append(client.post("/api/v2/tickets", {"email": f"again{n}@example.com",
                                                       "subject": "Refund?"},
                                   content_type="application/json", **_auth()).json()["id"])
        assert _wait_until(lambda: created[-1] in _projected_ticket_ids())

    # Every task ran on a connection that was already there: none was opened for it.
    assert _other_backends() <= before, celery_processes.log("worker.log")[-2000:]
