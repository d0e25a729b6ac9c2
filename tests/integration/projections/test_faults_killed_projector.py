"""A projector process killed inside a batch (SIGKILL: no clean-up of any kind) loses
nothing and duplicates nothing: the batch's transaction dies with it, and the next runner
applies that batch whole, once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from shopnest.projections import runner
from tests.integration.eventstore.helpers import stream_name
from tests.support.processes import ROOT, database_url

from .ledger import append_balances, balances, checkpoint, deliveries
from .ledger_process import HOLDING


@pytest.fixture
def start_projector(tmp_path: Path):
    """Start `ledger_process` in batches of three, holding its second one; kill it at the end."""
    log = tmp_path / "projector.log"
    started: list[subprocess.Popen] = []

    def start() -> subprocess.Popen:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings",
               "DATABASE_URL": database_url(connection.settings_dict),
               "REDIS_URL": settings.REDIS_URL, "CACHE_KEY_PREFIX": settings.CACHE_KEY_PREFIX,
               "PROJECTION_BATCH": "3", "DB_CONN_MAX_AGE": "0"}
        with open(log, "wb") as out:
            started.append(subprocess.Popen(
                [sys.executable, "-m", "tests.integration.projections.ledger_process", "2"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True))
        return started[-1]

    start.log = log
    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def _wait_for_line(process: subprocess.Popen, log: Path, text: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while text not in log.read_text(errors="replace"):
        assert process.poll() is None, f"the projector exited:\n{log.read_text()}"
        assert time.monotonic() < deadline, f"the projector never said {text!r}:\n{log.read_text()}"
        time.sleep(0.05)


def _catch_up(ledger, expected: int, timeout: float = 15) -> None:
    """Run the ledger here until it has applied `expected` deliveries (the killed process's
    backend may hold the locks for a moment after the kill: the runner finds it busy)."""
    deadline = time.monotonic() + timeout
    while len(deliveries()) < expected and time.monotonic() < deadline:
        runner.run_until_caught_up(ledger)
        time.sleep(0.05)


def test_a_projector_killed_inside_a_batch_leaves_it_whole_to_the_next_runner(
        ledger, start_projector):
    streams = [stream_name() for _ in range(3)]
    results = [append_balances(s, 1, 2, 3) for s in streams]
    every = [(s, v) for s in streams for v in (1, 2, 3)]
    process, log = start_projector(), start_projector.log

    _wait_for_line(process, log, HOLDING)
    # Batch 1 is committed; batch 2's rows are written in a transaction still open.
    assert deliveries() == every[:3]
    assert checkpoint(ledger.name) == results[0][-1].last

    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    _catch_up(ledger, expected=len(every))

    assert deliveries() == every, "every event applied exactly once, in order"
    assert balances() == {s: (3, 3) for s in streams}
    assert checkpoint(ledger.name) >= results[-1][-1].last
    assert runner.run_batch(ledger).applied == 0
