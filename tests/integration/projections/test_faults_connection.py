"""The database connection cut under a runner (a failover, a terminated backend): the batch
it was in is rolled back on the server and retried whole, and the runner's process goes on
with a new connection instead of failing on the dead one."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from shopnest.projections import tasks
from tests.integration.eventstore.helpers import stream_name, thread_pool

from .ledger import Ledger, append_balances, balances, deliveries, projection_state


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _terminate(pid: int) -> None:
    """Cut a backend from another connection, as a failover or an operator would."""
    def cut() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            assert cursor.fetchone()[0]

    with thread_pool(1) as submit:
        submit(cut).result(timeout=10)


class CutLedger(Ledger):
    """Writes its first batch's rows, then waits, its transaction open, to be cut off."""

    def __init__(self, name: str = "ledger"):
        super().__init__(name)
        self.backend: int | None = None
        self.inside = threading.Event()
        self.go_on = threading.Event()

    def apply(self, events) -> None:
        super().apply(events)
        if self.backend is None:
            self.backend = _backend_pid()
            self.inside.set()
            assert self.go_on.wait(timeout=20)



def test_a_connection_cut_inside_a_batch_rolls_it_back_and_the_next_run_applies_it_once(
        ledger, register):
    stream = stream_name()
    appended = append_balances(stream, 1, 2, 3)
    cut = register(CutLedger(ledger.name))

    def two_runs_in_one_worker_thread():
        with pytest.raises(Exception) as broken:
            tasks.run_projection(cut.name)
        # The same thread, the same Django connection object: as a worker's next task.
        return broken.value, tasks.run_projection(cut.name)

    with thread_pool(1) as submit:
        runs = submit(two_runs_in_one_worker_thread)
        assert cut.inside.wait(timeout=10)
        _terminate(cut.backend)
        cut.go_on.set()
        error, applied = runs.result(timeout=20)

    assert "closed" in str(error) or "terminat" in str(error)
    assert applied == 3
    assert deliveries() == [(stream, 1), (stream, 2), (stream, 3)]
    assert balances() == {stream: (3, 3)}
    state = projection_state(cut.name)
    assert (state["status"], state["failures"], state["last_error"]) == ("running", 0, "")
    assert state["checkpoint"] >= appended[-1].last


class PartitionedLedger(Ledger):
    partitionable = True


def test_a_connection_cut_while_the_worker_idles_fails_one_partition_not_the_whole_sweep(
        ledger, register, settings):
    settings.SHOPNEST_PROJECTION_PARTITIONS = 2
    register(PartitionedLedger(ledger.name))
    streams = [stream_name() for _ in range(6)]

    def sweep_cut_sweep_again():
        tasks.sweep_projections()  # every projection's rows exist; the connection is open
        _terminate(_backend_pid())
        with thread_pool(1) as submit:  # commands come in on other connections meanwhile
            submit(lambda: [append_balances(stream, 7) for stream in streams]).result(10)
        tasks.sweep_projections()
        after_cut = sorted(deliveries())
        tasks.sweep_projections()
        return after_cut

    with thread_pool(1) as submit:
        after_cut = submit(sweep_cut_sweep_again).result(timeout=60)

    every = sorted((s, 1) for s in streams)
    # The first partition of the sweep met the dead connection; every later one (the
    # ledger's come last) was swept on a new connection in that same sweep.
    assert after_cut == every
    assert sorted(deliveries()) == every, "nothing applied twice by the later sweep"
    for partition in ("ledger:0/2", "ledger:1/2"):
        assert projection_state(partition)["status"] == "running"
    # The partition that met the dead connection applied nothing then and is not stalled.
    assert all(s["status"] == "running" for s in map(projection_state, _state_names()))


def _state_names() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM shopnest_projection_state")
        return [row[0] for row in cursor.fetchall()]
