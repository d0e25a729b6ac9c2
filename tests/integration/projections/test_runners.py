"""One runner per projection at a time: the advisory lock and the checkpoint compare-and-set."""

from __future__ import annotations

from django.db import connection

from shopnest.eventstore.records import Position
from shopnest.projections import runner
from tests.integration.eventstore.helpers import stream_name, thread_pool

from .ledger import BlockingLedger, Ledger, append_balances, checkpoint, deliveries


def test_a_second_runner_finds_the_projection_busy_while_a_batch_runs(ledger):
    stream = stream_name()
    append_balances(stream, 0, 1, 2)
    first = BlockingLedger(ledger.name)

    with thread_pool(1) as submit:
        running = submit(runner.run_batch, first)
        assert first.entered.wait(timeout=10)

        second = runner.run_batch(ledger)

        first.release.set()
        finished = running.result(timeout=10)

    assert (second.busy, second.applied) == (True, 0)
    assert (finished.busy, finished.applied) == (False, 3)
    assert deliveries() == [(stream, v) for v in (1, 2, 3)]


def test_runners_of_different_projections_do_not_block_each_other(ledger):
    append_balances(stream_name(), 1)
    blocked = BlockingLedger("ledger-blue")
    other = Ledger("ledger-green")

    with thread_pool(1) as submit:
        running = submit(runner.run_batch, blocked)
        assert blocked.entered.wait(timeout=10)

        outcome = runner.run_batch(other)

        blocked.release.set()
        running.result(timeout=10)

    assert (outcome.busy, outcome.applied) == (False, 1)


class CheckpointThief(Ledger):
    """While its batch runs, someone else moves its checkpoint (e.g. an operator's rewind)."""

    def __init__(self, name: str, moved_to: Position):
        super().__init__(name)
        self.moved_to = moved_to

    def apply(self, events) -> None:
        super().apply(events)

        def move() -> None:
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE shopnest_projection_state SET tx = %s, position = %s WHERE name = %s",
                    [self.moved_to.tx, self.moved_to.position, self.name],
                )

        with thread_pool(1) as submit:
            submit(move).result(timeout=10)


def test_a_batch_whose_checkpoint_moved_underneath_is_rolled_back(ledger):
    stream = stream_name()
    first, _ = append_balances(stream, 1, 2)
    thief = CheckpointThief(ledger.name, moved_to=first.last)

    outcome = runner.run_batch(thief)

    assert (outcome.busy, outcome.applied) == (True, 0)
    assert deliveries() == []
    assert checkpoint(ledger.name) == first.last

    assert runner.run_batch(ledger).applied == 1
    assert deliveries() == [(stream, 2)]


def test_a_partition_whose_checkpoint_row_was_deleted_gets_it_back_and_goes_on(ledger):
    stream = stream_name()
    append_balances(stream, 1)
    assert runner.run_batch(ledger).applied == 1
    with connection.cursor() as cursor:  # as a reset of the projection's state would
        cursor.execute("DELETE FROM shopnest_projection_state WHERE name = %s", [ledger.name])
    append_balances(stream_name(), 5)

    outcome = runner.run_batch(ledger)

    assert outcome.applied == 2  # read from the start again; the row is back
    assert checkpoint(ledger.name) is not None
