"""Transient faults pass by themselves: a projection whose batches fail backs off
exponentially (capped) while the sweep keeps running, and carries on where it stopped once the
fault is gone; only failures in a row, past the limit, stall it (test_failures.py has the
backoff's arithmetic and the stall itself, batch by batch)."""

from __future__ import annotations

import time

import pytest
from django.db import connection

from shopnest.projections import runner, tasks
from tests.integration.eventstore.helpers import raw_connect, stream_name

from .ledger import (
    DELIVERIES,
    FailingLedger,
    Ledger,
    append_balances,
    balances,
    deliveries,
    projection_state,
)


class ImpatientLedger(Ledger):
    """Gives up on a lock after 50 ms, as a projection's statements should during a migration
    (a lock timeout is the transient fault here: real, and raised by PostgreSQL)."""

    def apply(self, events) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '50ms'")
        super().apply(events)



def _retry_delay(name: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT extract(epoch FROM retry_at - updated_at) "
                       "FROM shopnest_projection_state WHERE name = %s", [name])
        return round(float(cursor.fetchone()[0]), 2)


def test_a_projection_blocked_by_a_migration_backs_off_then_catches_up_by_itself(
        ledger, register, settings):
    settings.SHOPNEST_PROJECTION_RETRY_BASE = 0.1
    settings.SHOPNEST_PROJECTION_RETRY_MAX = 0.4
    projection = register(ImpatientLedger(ledger.name))
    stream = stream_name()
    append_balances(stream, 1, 2, 3)
    migration = raw_connect()
    sweeps, delays, seen = 0, [], {}
    try:
        migration.execute(f"LOCK TABLE {DELIVERIES} IN ACCESS EXCLUSIVE MODE")
        started = time.monotonic()
        while time.monotonic() - started < 1.6 or sweeps < 15:
            tasks.sweep_projections()  # what beat runs every second or two
            sweeps += 1
            state = projection_state(projection.name)
            assert state["status"] == "running", state
            if state["failures"] and state["failures"] not in seen:
                seen[state["failures"]] = state["last_error"]
                delays.append(_retry_delay(projection.name))
            time.sleep(0.02)
        held_for = time.monotonic() - started
    finally:
        migration.rollback()
        migration.close()

    assert deliveries() == []
    # Retried only when due: doubling from 0.1 s and capped at 0.4 s, however often swept.
    due = [0.0, 0.1, 0.3, 0.7] + [0.7 + 0.4 * n for n in range(1, 20)]
    assert 3 <= len(delays) <= len([t for t in due if t <= held_for]) < sweeps, (
        delays, sweeps, held_for)
    assert delays == ([0.1, 0.2] + [0.4] * 20)[:len(delays)]
    assert all("lock timeout" in error for error in seen.values()), seen

    deadline = time.monotonic() + 5
    while not deliveries() and time.monotonic() < deadline:
        tasks.sweep_projections()
        time.sleep(0.02)

    assert deliveries() == [(stream, 1), (stream, 2), (stream, 3)]
    assert balances() == {stream: (3, 3)}
    state = projection_state(projection.name)
    assert (state["status"], state["failures"], state["last_error"]) == ("running", 0, "")


class EveryOtherBatchFails(FailingLedger):
    """Each new batch fails once, then goes through: a fault that recurs, never twice in a row."""

    def apply(self, events) -> None:
        self.failures_left = 1 - getattr(self, "_flip", 0)
        self._flip = 1 - getattr(self, "_flip", 0)
        super().apply(events)


def test_failures_that_recur_with_successes_between_never_stall_the_projection(
        ledger, settings):
    settings.SHOPNEST_PROJECTION_MAX_FAILURES = 2
    flaky = EveryOtherBatchFails(ledger.name)
    streams = [stream_name() for _ in range(4)]

    for stream in streams:
        append_balances(stream, 5)
        with pytest.raises(RuntimeError, match="the ledger handler broke"):
            runner.run_batch(flaky)
        assert projection_state(flaky.name)["failures"] == 1
        assert runner.run_batch(flaky).applied == 1

    # Four failures in all, twice the limit, but never two in a row.
    state = projection_state(flaky.name)
    assert (state["status"], state["failures"]) == ("running", 0)
    assert deliveries() == [(s, 1) for s in streams]
