"""Redis is the broker and cache only: while it is down, commands keep succeeding (the event
store is in PostgreSQL), and once it is back the projections catch up by themselves (beat's
sweep through the worker), with no one resuming anything."""

from __future__ import annotations

import time

import pytest
from django.db import connection

from tests.e2e.make_run_support import http
from tests.integration.api.conftest import make_agent
from tests.support.processes import CeleryProcesses
from tests.support.redis_server import RedisServer
from tests.support.web import GunicornProcess

pytestmark = pytest.mark.e2e


@pytest.fixture
def stack(clean_state, tmp_path):
    """A web process, a worker and beat, all on a Redis of this test's own."""
    redis = RedisServer()
    redis.start()
    celery = CeleryProcesses(database=connection.settings_dict, workdir=tmp_path)
    celery.env["REDIS_URL"] = redis.url
    web = None
    try:
        celery.start_worker()
        celery.start_beat()
        web = GunicornProcess(database=connection.settings_dict, log=tmp_path / "web.log",
                              REDIS_URL=redis.url, CELERY_QUEUE=celery.queue)
        web.wait_ready()
        yield redis, celery, web
    finally:
        if web is not None:
            web.stop()
        celery.stop()
        redis.kill()


def _projected(ids: list[int]) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM tickets_ticket_view WHERE id = ANY(%s)", [ids])
        return {row[0] for row in cursor.fetchall()}


def _wait_until(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_commands_succeed_while_redis_is_down_and_project_once_it_is_back(stack):
    redis, celery, web = stack
    key = make_agent().key

    def create(subject: str) -> int:
        answer = http("POST", web.base + "/api/v2/tickets", key=key,
                      body={"email": "pat@example.com", "subject": subject})
        assert answer.status == 201, (answer.status, answer.body, web.log()[-3000:])
        return answer.body["id"]

    before = create("Before the outage")
    assert _wait_until(lambda: _projected([before]), 20), celery.log("worker.log")[-3000:]

    redis.kill()
    during = []
    for n in range(4):
        during.append(create(f"During the outage {n}"))
        time.sleep(0.5)
    time.sleep(1.0)
    # Nothing carries work to the worker now: the last of them waits for Redis.
    assert during[-1] not in _projected(during)

    redis.start()  # an empty Redis: every kick sent meanwhile is gone

    assert _wait_until(lambda: _projected(during) == set(during), 30), (
        celery.log("worker.log")[-3000:], celery.log("beat.log")[-3000:])
    assert "sweep_projections" in celery.log("beat.log")
