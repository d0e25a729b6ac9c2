"""A failing batch is rolled back whole; a projection that keeps failing stalls, never skips."""

from __future__ import annotations

import pytest

from shopnest.eventstore.records import ORIGIN
from shopnest.projections import runner
from tests.integration.eventstore.helpers import stream_name

from .ledger import FailingLedger, append_balances, balances, deliveries, projection_state


@pytest.fixture
def three_events(ledger):
    stream = stream_name()
    append_balances(stream, 0, 1, 2)
    return stream


def _fail(projection) -> None:
    with pytest.raises(RuntimeError, match="the ledger handler broke"):
        runner.run_batch(projection)


def test_a_failed_batch_applies_nothing_and_keeps_the_checkpoint(three_events):
    failing = FailingLedger(failures_left=1)

    _fail(failing)

    assert deliveries() == [] and balances() == {}
    state = projection_state(failing.name)
    assert state["checkpoint"] == ORIGIN
    assert (state["status"], state["failures"]) == ("running", 1)
    assert "RuntimeError: the ledger handler broke" in state["last_error"]


def test_the_batch_that_failed_is_applied_whole_on_the_next_run(three_events):
    failing = FailingLedger(failures_left=1)
    _fail(failing)

    outcome = runner.run_batch(failing)

    assert outcome.applied == 3
    assert deliveries() == [(three_events, v) for v in (1, 2, 3)]
    state = projection_state(failing.name)
    assert (state["failures"], state["last_error"]) == (0, "")


def test_a_projection_stalls_after_the_maximum_number_of_failures(three_events, settings):
    settings.SHOPNEST_PROJECTION_MAX_FAILURES = 3
    failing = FailingLedger()

    _fail(failing)
    _fail(failing)
    assert projection_state(failing.name)["status"] == "running"
    _fail(failing)

    state = projection_state(failing.name)
    assert (state["status"], state["failures"]) == ("stalled", 3)


def test_a_stalled_projection_applies_nothing_until_resumed(three_events, settings):
    settings.SHOPNEST_PROJECTION_MAX_FAILURES = 2
    failing = FailingLedger(failures_left=2)
    _fail(failing)
    _fail(failing)

    stalled = runner.run_batch(failing)

    assert (stalled.stalled, stalled.applied) == (True, 0)
    assert deliveries() == []

    runner.resume(failing.name)
    resumed = runner.run_batch(failing)

    assert (resumed.stalled, resumed.applied) == (False, 3)
    assert deliveries() == [(three_events, v) for v in (1, 2, 3)]
    assert projection_state(failing.name)["status"] == "running"


def test_a_stalled_projection_does_not_skip_the_events_it_failed_on(three_events, settings):
    settings.SHOPNEST_PROJECTION_MAX_FAILURES = 1
    failing = FailingLedger(failures_left=1)
    _fail(failing)
    later = stream_name("later")
    append_balances(later, 9)

    assert runner.run_until_caught_up(failing) == 0
    runner.resume(failing.name)

    assert runner.run_until_caught_up(failing) == 4
    assert deliveries() == [(three_events, 1), (three_events, 2), (three_events, 3), (later, 1)]


def _retry_in(name: str) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT extract(epoch FROM retry_at - updated_at) "
                       "FROM shopnest_projection_state WHERE name = %s", [name])
        return float(cursor.fetchone()[0])


def test_a_failed_batch_is_retried_only_once_its_backoff_has_passed(three_events, settings):
    import time

    settings.SHOPNEST_PROJECTION_RETRY_BASE = 0.3
    failing = FailingLedger(failures_left=1)
    _fail(failing)

    early = runner.run_batch(failing)
    assert (early.waiting, early.applied) == (True, 0)
    assert deliveries() == []

    time.sleep(0.35)
    retried = runner.run_batch(failing)
    assert (retried.waiting, retried.applied) == (False, 3)
    assert projection_state(failing.name)["failures"] == 0


def test_the_backoff_doubles_with_each_failure_up_to_its_maximum(three_events, settings):
    import time

    settings.SHOPNEST_PROJECTION_RETRY_BASE = 0.05
    settings.SHOPNEST_PROJECTION_RETRY_MAX = 0.15
    failing = FailingLedger()
    delays = []
    for _ in range(4):
        _fail(failing)
        delays.append(round(_retry_in(failing.name), 2))
        time.sleep(delays[-1] + 0.02)

    assert delays == [0.05, 0.1, 0.15, 0.15]
    assert projection_state(failing.name)["status"] == "running"


def test_a_resumed_projection_retries_at_once(three_events, settings):
    settings.SHOPNEST_PROJECTION_RETRY_BASE = 60
    settings.SHOPNEST_PROJECTION_MAX_FAILURES = 1
    failing = FailingLedger(failures_left=1)
    _fail(failing)

    runner.resume(failing.name)

    assert runner.run_batch(failing).applied == 3
