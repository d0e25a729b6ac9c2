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
