"""A joint batch (shopnest/projections/joint.py): projections of the same streams share one
read and one transaction, each still gets exactly its own events after its own checkpoint,
and whatever keeps them from sharing (a failing handler, a stalled member, a lock another
runner holds) sends them back to one batch each, where a failure counts against its own
projection alone."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from shopnest.domain.events import DomainEvent
from shopnest.eventstore.records import NewEvent, RecordedEvent
from shopnest.projections import joint, linger, runner
from shopnest.projections.base import Projection, handles
from shopnest.projections.partitions import Partition
from tests.integration.eventstore.helpers import append, stream_name, thread_pool

from .ledger import BalanceSet, balance_set, checkpoint, projection_state, wait_until_readable

RECORDED = "test_joint_recorded"


@dataclass(frozen=True)
class NoteAdded(DomainEvent):
    """An event only one of the test projections handles."""

    TYPE: ClassVar[str] = "JointTestNoteAdded"

    text: str


def note_added(text: str) -> NewEvent:
    return NewEvent(NoteAdded.TYPE, NoteAdded(text=text, at="2024-05-01T09:00:00Z").to_data())


class Recorder(Projection):
    """Records (its name, stream, version, type) of every event it is handed."""

    tables = (RECORDED,)

    def __init__(self, name: str):
        self.name = name

    @handles(BalanceSet)
    def balance_set(self, event, record):
        return None

    def apply(self, events: Sequence[RecordedEvent]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {RECORDED} (projection, stream_id, version, type) "
                "VALUES (%s, %s, %s, %s)",
                [(self.name, e.stream_id, e.version, e.type) for e in events])


class NoteRecorder(Recorder):
    """Handles the notes as well."""

    @handles(NoteAdded)
    def note_added(self, event, record):
        return None


class FailingRecorder(Recorder):
    def apply(self, events: Sequence[RecordedEvent]) -> None:
        super().apply(events)
        raise RuntimeError("the recorder broke")


@pytest.fixture
def recorded_table():
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {RECORDED} (seq bigserial PRIMARY KEY, "
                       "projection text, stream_id text, version bigint, type text)")
        cursor.execute(f"TRUNCATE {RECORDED}")
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {RECORDED}")


@pytest.fixture
def pair(register, recorded_table):
    """Two registered projections of the same streams, each in one partition."""
    first = register(Recorder("joint_first"))
    second = register(NoteRecorder("joint_second"))
    return [(first, Partition(first.name, 0, 1)), (second, Partition(second.name, 0, 1))]


def recorded(projection: str) -> list[tuple[str, int, str]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT stream_id, version, type FROM {RECORDED} WHERE projection = %s "
                       "ORDER BY seq", [projection])
        return [tuple(row) for row in cursor.fetchall()]


def _append(stream: str, *events: NewEvent):
    result = append(stream, None, *events)
    wait_until_readable(result.last)
    return result


def test_one_read_and_one_transaction_give_each_projection_its_own_events_in_order(pair):
    (first, _), (second, _) = pair
    a, b = stream_name(), stream_name()
    _append(a, balance_set(1), note_added("checked the parcel"))
    last = _append(b, balance_set(2)).last
    with CaptureQueriesContext(connection) as queries:
        outcome = joint.run_joint_batch(pair)
    assert (outcome.applied, outcome.busy, outcome.more) == (3, False, False)
    assert recorded(first.name) == [(a, 1, "BalanceSet"), (b, 1, "BalanceSet")]
    assert recorded(second.name) == [(a, 1, "BalanceSet"), (a, 2, NoteAdded.TYPE),
                                     (b, 1, "BalanceSet")]
    assert checkpoint(first.name) == checkpoint(second.name) > last
    reads = [q["sql"] for q in queries.captured_queries if "FROM es_events" in q["sql"]]
    assert len(reads) == 1, reads
    transactions = [q["sql"] for q in queries.captured_queries if q["sql"] == "COMMIT"]
    assert len(transactions) == 1, [q["sql"] for q in queries.captured_queries]


def test_members_at_different_checkpoints_each_get_only_what_follows_their_own(pair):
    (first, first_partition), (second, _) = pair
    early = stream_name()
    _append(early, balance_set(1))
    runner.run_batch(first, partition=first_partition)  # the first ran on its own before
    assert recorded(first.name) == [(early, 1, "BalanceSet")]
    assert projection_state(second.name) == {}  # the second never ran: it starts at 0
    late = stream_name()
    _append(late, balance_set(2))
    outcome = joint.run_joint_batch(pair)
    assert outcome.applied == 2  # read from the lower checkpoint
    assert recorded(first.name) == [(early, 1, "BalanceSet"), (late, 1, "BalanceSet")]
    assert recorded(second.name) == [(early, 1, "BalanceSet"), (late, 1, "BalanceSet")]
    assert checkpoint(first.name) == checkpoint(second.name)


def test_a_failing_member_sends_the_batch_back_and_fails_alone_when_served_one_by_one(
        register, recorded_table):
    good = register(Recorder("joint_good"))
    bad = register(FailingRecorder("joint_bad"))
    members = [(good, Partition(good.name, 0, 1)), (bad, Partition(bad.name, 0, 1))]
    stream = stream_name()
    _append(stream, balance_set(5))
    with pytest.raises(joint.NotJoint):
        joint.run_joint_batch(members)
    assert recorded(good.name) == []  # rolled back whole
    assert projection_state(bad.name)["failures"] == 0  # not counted twice

    with pytest.raises(RuntimeError, match="the recorder broke"):
        linger.serve_marked([p for _, p in members])
    assert recorded(good.name) == [(stream, 1, "BalanceSet")]
    assert projection_state(good.name)["failures"] == 0
    assert projection_state(bad.name)["failures"] == 1
    assert recorded(bad.name) == []


def test_a_stalled_member_is_left_out_and_the_others_are_served_one_by_one(pair):
    (first, _), (second, second_partition) = pair
    stream = stream_name()
    _append(stream, balance_set(7))
    runner.ensure_state(second_partition)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE shopnest_projection_state SET status = 'stalled' "
                       "WHERE name = %s", [second.name])
    with pytest.raises(joint.NotJoint):
        joint.run_joint_batch(pair)
    applied, busy = linger.serve_marked([p for _, p in pair])
    assert (applied, busy) == (1, [])
    assert recorded(first.name) == [(stream, 1, "BalanceSet")]
    assert recorded(second.name) == []


def test_a_member_another_runner_holds_makes_the_whole_group_busy(pair):
    (first, _), (second, second_partition) = pair
    stream = stream_name()
    _append(stream, balance_set(3))
    runner.ensure_state(pair[0][1])
    runner.ensure_state(second_partition)

    def hold(entered, release):
        with transaction.atomic():
            runner.lock_partition(second_partition)
            entered.set()
            release.wait(timeout=20)

    entered, release = threading.Event(), threading.Event()
    with thread_pool(1) as submit:
        holder = submit(hold, entered, release)
        assert entered.wait(timeout=10)
        try:
            outcome = joint.run_joint_batch(pair)
            applied, busy = linger.serve_marked([p for _, p in pair])
        finally:
            release.set()
        holder.result(timeout=10)
    assert (outcome.applied, outcome.busy) == (0, True)
    assert (applied, busy) == (0, [p for _, p in pair])
    assert recorded(first.name) == [] == recorded(second.name)
    assert joint.run_joint_batch(pair).applied == 1
