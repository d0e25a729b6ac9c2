"""Only appenders hold projections back: a long transaction anywhere else on the server, in
another database or in this one without touching the event store, delays no projection,
while an appender that is slow to commit still does (nothing is ever skipped)."""

from __future__ import annotations

import time
from contextlib import contextmanager

from shopnest.eventstore.horizon import _widen, appenders_horizon
from shopnest.mediator import mediator
from shopnest.projections import consistency, registry, runner
from shopnest.projections.health import (
    oldest_appending_transaction_seconds,
    oldest_writing_transaction_seconds,
)
from tests.integration.eventstore.helpers import (
    new_event,
    open_append,
    raw_connect,
    stream_append,
    stream_name,
)
from tests.integration.mediator.tickets import open_ticket_command

LAG_BOUND = 1.0


@contextmanager
def open_writing_transaction(**connect):
    """A transaction that has written (holds a transaction id) and stays open."""
    conn = raw_connect(**connect)
    try:
        conn.execute("SELECT pg_current_xact_id()")
        yield conn
    finally:
        conn.rollback()
        conn.close()


def _lag_of_a_new_ticket() -> float:
    """Seconds from a ticket's commit until the tickets projection shows it."""
    outcome = mediator.send(open_ticket_command())
    started = time.monotonic()
    deadline = started + 5
    while not consistency.has_reached(("tickets",), outcome.token):
        if time.monotonic() > deadline:
            return float("inf")
        runner.run_until_caught_up(registry.get("tickets"), max_seconds=0.5)
        time.sleep(0.01)
    return time.monotonic() - started


def test_a_long_transaction_in_another_database_delays_no_projection():
    with open_writing_transaction(dbname="postgres"):
        time.sleep(0.2)
        assert _lag_of_a_new_ticket() < LAG_BOUND
        assert oldest_writing_transaction_seconds() > 0.1  # the operator still sees it


def test_a_long_transaction_in_this_database_that_appends_nothing_delays_no_projection():
    with open_writing_transaction() as conn:
        conn.execute("CREATE TEMP TABLE scratch (x int)")
        conn.execute("INSERT INTO scratch VALUES (1)")
        assert _lag_of_a_new_ticket() < LAG_BOUND
        assert oldest_appending_transaction_seconds() == 0


def test_an_appender_slow_to_commit_still_holds_the_horizon_and_its_events_are_read():
    with open_append(stream_append(stream_name("slow"), 0, new_event())) as slow:
        assert appenders_horizon() <= slow.last.tx
        assert oldest_appending_transaction_seconds() >= 0
        later = mediator.send(open_ticket_command())
        runner.run_until_caught_up(registry.get("tickets"), max_seconds=0.5)
        assert not consistency.has_reached(("tickets",), later.token)
        slow.commit()
    assert appenders_horizon() > slow.last.tx
    runner.run_until_caught_up(registry.get("tickets"))
    assert consistency.has_reached(("tickets",), later.token)


def test_a_32_bit_transaction_id_is_widened_within_its_epoch():
    epoch = 7 << 32
    assert _widen(100, epoch + 200) == epoch + 100
    # Just before the next id wrapped into a new epoch, the holder is in the previous one.
    assert _widen(2**32 - 5, epoch + 3) == epoch - 5


def test_a_holder_id_above_the_noted_one_is_widened_within_its_epoch():
    """The noted id is the snapshot's xmax, one past the latest completed id: a holder still
    running may have a larger one (two appenders open, the older not yet done)."""
    epoch = 7 << 32
    assert _widen(205, epoch + 200) == epoch + 205
    # The noted id just before a new epoch, the holder's id just past it.
    assert _widen(3, epoch - 5) == epoch + 3
