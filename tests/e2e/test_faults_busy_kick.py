"""A kick that comes while a real worker's run is inside a batch of the same partition is not
lost: it finds that run pending still (a run clears its pending flag only as it leaves), so it
enqueues nothing and leaves its mark, and the busy run, seeing the mark, reads again before
it lets go. No beat runs here, so nothing else could project the second ticket."""

from __future__ import annotations

import base64
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client

from shopnest.projections import kick, registry
from shopnest.projections.kick import pending_key
from shopnest.projections.partitions import partitions_of
from tests.integration.eventstore.helpers import raw_connect

API_KEY = "e2e-busy-kick-key"
pytestmark = pytest.mark.e2e


def _create_ticket(subject: str) -> int:
    token = base64.b64encode(f"{API_KEY}:X".encode()).decode()
    created = Client().post("/api/v2/tickets", {"email": "ivy@example.com", "subject": subject},
                            content_type="application/json", HTTP_AUTHORIZATION=f"Basic {token}")
    assert created.status_code == 201, created.content
    return created.json()["id"]


def _projected(ticket_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM tickets_ticket_view WHERE id = %s", [ticket_id])
        return cursor.fetchone() is not None


def _wait_until(predicate, timeout: float, what: str, log: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"{what} within {timeout}s\n{log[-3000:]}"
        time.sleep(0.05)


def _a_runner_waits_on_the_ticket_table(conn) -> bool:
    (waiting,) = conn.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock' AND wait_event = 'relation' "
        "AND query ILIKE '%tickets_ticket_view%'").fetchone()
    return waiting > 0


def test_a_kick_that_finds_the_worker_busy_on_the_partition_is_projected_by_the_busy_run(
        celery_processes):
    celery_processes.start_worker()  # two processes: one gets stuck, the other takes the kick
    call_command("createagent", email="busy@shopnest.example", name="Busy", api_key=API_KEY)
    (partition,) = partitions_of(registry.get("tickets"))
    observer = raw_connect(autocommit=True)
    migration = raw_connect()
    try:
        # A migration holds the ticket table: the first run's batch stops inside its apply,
        # holding the partition's locks.
        migration.execute("LOCK TABLE tickets_ticket_view IN EXCLUSIVE MODE")
        first = _create_ticket("First")
        _wait_until(lambda: _a_runner_waits_on_the_ticket_table(observer), 20,
                    "the first run reached its apply", celery_processes.log("worker.log"))

        second = _create_ticket("Second")
        time.sleep(1.0)
        # The stuck run is still pending: the second commit enqueued nothing, only marked.
        assert cache.get(pending_key(partition)) is not None
        assert kick.is_marked(partition)
        assert not _projected(first) and not _projected(second)
    finally:
        migration.rollback()
        migration.close()
        observer.close()

    _wait_until(lambda: _projected(first) and _projected(second), 15,
                "both tickets projected by the busy run", celery_processes.log("worker.log"))
