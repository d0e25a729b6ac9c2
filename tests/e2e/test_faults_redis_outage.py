"""Redis is the broker and cache only: while it is down, commands keep succeeding (the event
store is in PostgreSQL), and once it is back the projections catch up by themselves (beat's
sweep through the worker), with no one resuming anything."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from redis import Redis

from tests.e2e.make_run_support import http
from tests.integration.api.conftest import make_agent
from tests.integration.eventstore.helpers import raw_connect
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


def _create(web, key: str, subject: str) -> int:
    answer = http("POST", web.base + "/api/v2/tickets", key=key,
                  body={"email": "pat@example.com", "subject": subject})
    assert answer.status == 201, (answer.status, answer.body, web.log()[-3000:])
    return answer.body["id"]


def test_commands_succeed_while_redis_is_down_and_project_once_it_is_back(stack):
    redis, celery, web = stack
    key = make_agent().key

    def create(subject: str) -> int:
        return _create(web, key, subject)

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


def _lock_waiters(observer) -> int:
    (waiting,) = observer.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock' AND query ILIKE '%%tickets_%%view%%'").fetchone()
    return waiting


def test_a_busy_worker_leaves_waiting_messages_in_the_queue_and_consumes_after_an_outage(stack):
    """Both pool processes are held inside a batch (the projections' tables are locked) while
    more kicks arrive. The messages they cannot run wait in the queue, not unacknowledged in the
    worker (CELERY_WORKER_DISABLE_PREFETCH): another worker could take them, and a reconnect has
    none to restore. Redis then goes away and comes back, and the worker consumes again."""
    redis, celery, web = stack
    key = make_agent().key

    def create(subject: str) -> int:
        return _create(web, key, subject)

    first = create("Before the outage")
    assert _wait_until(lambda: _projected([first]), 20), celery.log("worker.log")[-3000:]
    time.sleep(2.5)  # any lingering run has left

    observer = raw_connect(autocommit=True)
    holder = raw_connect(autocommit=False)
    try:
        holder.execute("LOCK TABLE tickets_ticket_view, tickets_activity_view "
                       "IN ACCESS EXCLUSIVE MODE")
        for n in range(6):  # kicks for several partitions: messages beyond the two processes
            create(f"While the worker is held {n}")
        assert _wait_until(lambda: _lock_waiters(observer) >= 2, 20), (
            "both pool processes wait on the lock", celery.log("worker.log")[-3000:])
        time.sleep(1.0)  # time enough for the consumer to reserve a message beyond its processes
        broker = Redis.from_url(redis.url)
        try:
            # kombu keeps a worker's reserved messages in the "unacked" hash, and the queue as
            # a list under the queue's name
            held_by_worker = sum(broker.hlen(k) for k in broker.keys("*unacked")
                                 if broker.type(k) == b"hash")
            waiting = sum(broker.llen(k) for k in broker.keys(f"*{celery.queue}")
                          if broker.type(k) == b"list")
        finally:
            broker.close()
        assert (held_by_worker, waiting > 0) == (0, True), (held_by_worker, waiting)
        redis.kill()
        time.sleep(1.5)
        redis.start()
        holder.rollback()
    finally:
        holder.close()
        observer.close()

    after = create("After the outage")
    assert _wait_until(lambda: after in _projected([after]), 30), (
        celery.log("worker.log")[-4000:])
