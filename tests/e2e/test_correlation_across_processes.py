"""One correlation id from an HTTP request, through gunicorn, to the command's events, the
Celery task it enqueued and the JSON log line of the projection batch in the worker."""

from __future__ import annotations

import json
import time

import pytest
from django.db import connection

from shopnest.eventstore import store
from tests.e2e.make_run_support import http
from tests.integration.api.conftest import make_agent
from tests.support.web import GunicornProcess

pytestmark = pytest.mark.e2e


@pytest.fixture
def web(celery_processes, tmp_path):
    celery_processes.start_worker()
    process = GunicornProcess(database=connection.settings_dict, log=tmp_path / "web.log",
                              CELERY_QUEUE=celery_processes.queue)
    try:
        process.wait_ready()
        yield process
    finally:
        process.stop()


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def _batch_line(worker_log: str, projection: str) -> dict | None:
    return next((line for line in _json_lines(worker_log)
                 if line.get("logger") == "shopnest.projections"
                 and line.get("projection") == projection), None)


def test_a_request_id_is_carried_to_the_events_the_task_and_the_workers_batch_line(
        web, celery_processes):
    key = make_agent().key
    body = {"email": "trace@example.com", "subject": "Which parcel?"}

    created = http("POST", web.base + "/api/v2/tickets", key=key, body=body,
                   headers={"X-Request-ID": "e2e-corr-7"})
    refused = http("POST", web.base + "/api/v2/tickets", key=key, body={**body, "status": 99},
                   headers={"X-Request-ID": "e2e-refused-8"})

    assert created.status == 201 and created.headers["X-Request-Id"] == "e2e-corr-7"
    assert refused.status == 400
    events = store.read_stream(f"ticket-{created.body['id']}")
    assert {e.metadata["correlation_id"] for e in events} == {"e2e-corr-7"}

    deadline = time.monotonic() + 60
    while (line := _batch_line(celery_processes.log("worker.log"), "tickets")) is None:
        assert time.monotonic() < deadline, celery_processes.log("worker.log")[-3000:]
        time.sleep(0.2)
    assert line["correlation_ids"] == ["e2e-corr-7"]
    assert line["correlation_id"] == "e2e-corr-7"  # the task ran under its sender's id
    assert line["events"] == 1 and line["duration_ms"] > 0

    web_lines = _json_lines(web.log())
    assert any(w.get("logger") == "shopnest.mediator" and w.get("correlation_id") ==
               "e2e-refused-8" for w in web_lines), web.log()[-3000:]
    access = [w["message"] for w in web_lines if w.get("logger") == "gunicorn.access"]
    assert any("POST /api/v2/tickets 201" in a and "request_id=e2e-corr-7" in a
               for a in access), access
    assert all(line.startswith("{") for line in web.log().splitlines() if line.strip()), (
        web.log()[-3000:])


def test_a_malformed_request_id_is_replaced_over_http_too(clean_state, tmp_path):
    web = GunicornProcess(database=connection.settings_dict, log=tmp_path / "web.log")
    try:
        web.wait_ready()
        answer = http("GET", web.base + "/healthz/live", headers={"X-Request-ID": "bad id"})
    finally:
        web.stop()

    assert answer.status == 200
    assert answer.headers["X-Request-Id"] != "bad id" and len(answer.headers["X-Request-Id"]) == 32
