"""In multi-process mode one scrape of /metrics adds up what every process of the machine
counted: the commands handled by two gunicorn workers and the projection batches of a Celery
worker, all writing into one PROMETHEUS_MULTIPROC_DIR."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection
from prometheus_client.multiprocess import MultiProcessCollector

from tests.e2e.make_run_support import http
from tests.integration.api.conftest import make_agent
from tests.integration.ops.scrape import parse, value
from tests.support.web import GunicornProcess

pytestmark = pytest.mark.e2e
TICKETS = 16
CREATED = {"command": "CreateTicket", "outcome": "accepted", "kind": ""}


@pytest.fixture
def metrics_dir(tmp_path) -> Path:
    directory = tmp_path / "metrics"
    directory.mkdir()
    return directory


@pytest.fixture
def web(celery_processes, metrics_dir, tmp_path):
    celery_processes.env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
    celery_processes.start_worker()
    process = GunicornProcess(database=connection.settings_dict, log=tmp_path / "web.log",
                              workers=2, PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
                              CELERY_QUEUE=celery_processes.queue)
    try:
        process.wait_ready()
        yield process
    finally:
        process.stop()


def _scrape(web: GunicornProcess):
    answer = http("GET", web.base + "/metrics")
    assert answer.status == 200
    return parse(answer.body)


def _created_per_process(directory: Path) -> dict[str, float]:
    """CreateTicket commands counted in each process's own file."""
    counted = {}
    for path in sorted(directory.glob("counter_*.db")):
        for metric in MultiProcessCollector.merge([str(path)]):
            for sample in metric.samples:
                if sample.name == "shopnest_commands_total" and sample.labels == CREATED:
                    counted[path.name] = sample.value
    return counted


def _wait_for(predicate, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_one_scrape_adds_up_two_web_workers_and_the_celery_worker(web, metrics_dir,
                                                                  celery_processes):
    key = make_agent().key  # in this process, which counts into no directory

    def create(n: int) -> int:
        body = {"email": f"buyer{n}@example.com", "subject": f"Order {n}"}
        return http("POST", web.base + "/api/v2/tickets", key=key, body=body).status

    # Sync workers take one request at a time: concurrent clients keep both busy.
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(create, range(TICKETS))) == [201] * TICKETS

    per_process = _created_per_process(metrics_dir)
    assert len([n for n in per_process.values() if n > 0]) == 2, per_process
    samples = _scrape(web)
    assert value(samples, "shopnest_commands_total", **CREATED) == TICKETS
    assert value(samples, "shopnest_command_duration_seconds_count",
                 command="CreateTicket") == TICKETS
    assert value(samples, "shopnest_events_appended_total", stream_type="ticket") == TICKETS

    # Only the Celery worker projects (web processes enqueue): its batches reach the scrape.
    def projected() -> bool:
        sampled = _scrape(web)
        return value(sampled, "shopnest_projection_batch_events_sum",
                     projection="tickets") == TICKETS
    assert _wait_for(projected), celery_processes.log("worker.log")[-3000:]
    samples = _scrape(web)
    assert value(samples, "shopnest_projection_batch_duration_seconds_count",
                 projection="tickets") >= 1
    assert value(samples, "shopnest_projection_lag_events", projection="tickets") == 0
