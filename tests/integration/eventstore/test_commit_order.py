"""Commit-safe reading: an event whose transaction commits late is never passed over.

Positions are taken at insert time, not at commit. A transaction holding an earlier
position may commit after one holding a later position; a reader following positions
alone would move past the earlier event before it is visible and never project it.
"""

from __future__ import annotations

from shopnest.eventstore import store
from shopnest.eventstore.records import ORIGIN
from shopnest.projections import runner
from tests.integration.projections.ledger import balance_set, checkpoint, deliveries

from .helpers import (
    append,
    held_append,
    open_append,
    stream_append,
    stream_name,
    wait_until_visible,
)


def test_a_later_commit_is_not_read_while_an_earlier_position_is_still_open():
    early, late = stream_name("early"), stream_name("late")

    with open_append(stream_append(early, 0, balance_set(1))) as first:
        second = append(late, 0, balance_set(2))

        assert second.last.position > first.last.position
        assert store.read_after(ORIGIN, 100) == []
        assert store.head() < first.last

        first.commit()

    wait_until_visible(second.last)
    events = store.read_after(ORIGIN, 100)
    assert [(e.stream_id, e.token) for e in events] == [
        (early, first.last),
        (late, second.last),
    ]
    assert store.head() == second.last


def test_a_projection_applies_a_late_commit_and_the_later_one_once_each_in_order(ledger):
    early, late = stream_name("early"), stream_name("late")

    with open_append(stream_append(early, 0, balance_set(1))) as first:
        second = append(late, 0, balance_set(2))

        held_back = runner.run_batch(ledger)

        assert held_back.applied == 0
        assert deliveries() == []
        assert checkpoint(ledger.name) < first.last

        first.commit()

    wait_until_visible(second.last)
    caught_up = runner.run_batch(ledger)
    again = runner.run_batch(ledger)

    assert caught_up.applied == 2 and again.applied == 0
    assert deliveries() == [(early, 1), (late, 1)]
    assert checkpoint(ledger.name) >= second.last


def test_a_late_commit_through_a_django_connection_is_projected_in_order(ledger):
    early, late = stream_name("early"), stream_name("late")

    with held_append(early, 0, balance_set(1)) as first:
        second = append(late, 0, balance_set(2))

        assert runner.run_batch(ledger).applied == 0
        assert store.read_after(ORIGIN, 100) == []

        first.commit()

    wait_until_visible(second.last)
    assert runner.run_until_caught_up(ledger) == 2
    assert deliveries() == [(early, 1), (late, 1)]
    assert first.result.last < second.last
