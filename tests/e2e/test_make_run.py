"""`make run` on a fresh clone with no settings at all: it installs, starts embedded
PostgreSQL and Redis under .data/, keeps a generated SECRET_KEY there (the settings refuse
to start without one), migrates, prints a working demo API key, serves the API, stops
everything on Ctrl-C, and comes back with the same data, the same API key and the same
SECRET_KEY."""

from __future__ import annotations

import os
import signal
import stat
import time
import uuid

import pytest

from shopnest.projections import registry
from tests.e2e.make_run_support import (
    Stack,
    copy_checkout,
    free_port,
    http,
    kill_leftovers,
    new_checkout_dir,
    remove_checkout,
    survivors,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def clean_state():
    """This test uses no test database: `make run` brings embedded servers of its own."""
    yield


def _start_and_check_healthy(checkout, log, stacks: list[Stack]) -> tuple[Stack, str]:
    stack = Stack(checkout, free_port(), log)
    stacks.append(stack)
    health = stack.wait_healthy(timeout=180)
    assert health["database"]["ok"] and health["broker"]["ok"], health
    # Every projection this code registers reports its health (the served clone is this code).
    assert {p["name"] for p in health["projections"]} == {
        p.name for p in registry.all_projections()} >= {"accounts", "tickets", "contacts"}
    assert "database: embedded" in stack.log(), stack.tail()
    return stack, stack.api_key()


def _listed_subjects(stack: Stack, key: str, ticket_id: int, timeout: float = 20.0) -> dict:
    """The listed tickets by id, once the worker has projected `ticket_id` (or the timeout)."""
    deadline = time.monotonic() + timeout
    while True:
        listed = http("GET", stack.base + "/api/v2/tickets", key=key)
        assert listed.status == 200, listed
        by_id = {t["id"]: t["subject"] for t in listed.body}
        if ticket_id in by_id or time.monotonic() > deadline:
            return by_id
        time.sleep(0.5)


def _stop_and_check_nothing_survives(stack: Stack, checkout) -> float:
    took = stack.interrupt(timeout=60)
    log = stack.log()
    assert "SIGINT received; stopping" in log, stack.tail()
    assert "exited; stopping everything" not in log, stack.tail()
    left = survivors(checkout)
    assert not left, "processes left behind after Ctrl-C:\n" + "\n".join(
        f"{pid}: {what}" for pid, what in left.items())
    return took


def test_make_run_serves_a_fresh_clone_stops_cleanly_and_keeps_its_data(tmp_path):
    checkout = new_checkout_dir()
    stacks: list[Stack] = []
    try:
        copy_checkout(checkout)
        began = time.monotonic()
        first, key = _start_and_check_healthy(checkout, tmp_path / "first.log", stacks)
        first_start = time.monotonic() - began

        subject = f"Where is parcel {uuid.uuid4().hex[:8]}?"
        created = http("POST", first.base + "/api/v2/tickets", key=key, body={
            "email": "kim@example.com", "subject": subject, "description": "Not arrived."})
        assert created.status == 201, created
        ticket_id = created.body["id"]
        assert _listed_subjects(first, key, ticket_id).get(ticket_id) == subject

        first_stop = _stop_and_check_nothing_survives(first, checkout)
        assert (checkout / ".data" / "demo-credentials.json").is_file()
        secret_key = checkout / ".data" / "secret-key"
        assert stat.S_IMODE(secret_key.stat().st_mode) == 0o600
        generated = secret_key.read_text()
        assert len(generated.strip()) >= 50

        began = time.monotonic()
        second, second_key = _start_and_check_healthy(checkout, tmp_path / "second.log", stacks)
        second_start = time.monotonic() - began

        assert second_key == key
        assert secret_key.read_text() == generated
        assert _listed_subjects(second, key, ticket_id).get(ticket_id) == subject
        second_stop = _stop_and_check_nothing_survives(second, checkout)
        print(f"make run: first start {first_start:.1f}s, stop {first_stop:.1f}s; "
              f"second start {second_start:.1f}s, stop {second_stop:.1f}s")
    finally:
        for stack in stacks:
            if stack.process.poll() is None:
                os.killpg(stack.process.pid, signal.SIGKILL)
        kill_leftovers(checkout)
        remove_checkout(checkout)
