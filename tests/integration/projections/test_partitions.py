"""Partitions: streams hash into buckets; each partition owns some, with its own checkpoint
and locks; every stream is still applied in order, by one runner at a time."""

from __future__ import annotations

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from shopnest.projections import kick, registry, runner
from shopnest.projections.partitions import BUCKETS, Partition, bucket_of, partitions_of
from tests.integration.eventstore.helpers import stream_name, thread_pool

from .ledger import (
    EVENT_TYPE,
    BlockingLedger,
    PartitionedLedger,
    append_balances,
    balances,
    checkpoint,
    deliveries,
)


class BlockingPartitionedLedger(BlockingLedger):
    partitionable = True


@pytest.fixture
def three_partitions(settings):
    settings.SHOPNEST_PROJECTION_PARTITIONS = 3


def _streams_per_partition(count: int, per: int = 3) -> dict[int, list[str]]:
    """Fresh stream names, `per` of them in each of `count` partitions."""
    found: dict[int, list[str]] = {i: [] for i in range(count)}
    while any(len(names) < per for names in found.values()):
        name = stream_name()
        owner = found[bucket_of(name) % count]
        if len(owner) < per:
            owner.append(name)
    return found


# Stream ids are text PostgreSQL can hold (no NUL, no lone surrogate).
stream_ids = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
                     min_size=1, max_size=60)


@given(ids=st.lists(stream_ids, min_size=1, max_size=20))
def test_python_and_postgresql_put_a_stream_in_the_same_bucket(ids):
    with connection.cursor() as cursor:
        cursor.execute("SELECT get_byte(decode(md5(s), 'hex'), 0) & 63 FROM unnest(%s::text[]) "
                       "WITH ORDINALITY AS t(s, n) ORDER BY n", [ids])
        in_sql = [row[0] for row in cursor.fetchall()]
    assert in_sql == [bucket_of(sid) for sid in ids]
    assert all(0 <= b < BUCKETS for b in in_sql)


def test_partitions_share_out_every_bucket_once():
    for count in (1, 2, 3, 4, 7, 64):
        owned = [b for p in range(count) for b in Partition("x", p, count).buckets]
        assert sorted(owned) == list(range(BUCKETS))


def test_each_partition_applies_only_its_own_streams_in_order(ledger, three_partitions):
    ledger = PartitionedLedger(ledger.name)
    streams = _streams_per_partition(3)
    for names in streams.values():
        for name in names:
            append_balances(name, 1, 2)

    partitions = partitions_of(ledger)
    assert [p.key for p in partitions] == ["ledger:0/3", "ledger:1/3", "ledger:2/3"]
    for partition in partitions:
        before = len(deliveries())
        outcome = runner.run_batch(ledger, partition=partition)
        applied = deliveries()[before:]
        assert outcome.applied == 6
        assert {sid for sid, _ in applied} == set(streams[partition.index])
        for sid in streams[partition.index]:
            assert [v for s, v in applied if s == sid] == [1, 2]
        assert checkpoint(partition.key) > checkpoint(partitions[0].key) or partition.index == 0
    every = [sid for names in streams.values() for sid in names]
    assert {sid: balances()[sid] for sid in every} == {sid: (2, 2) for sid in every}
    # Nothing is left for any partition, and nothing is applied twice.
    assert runner.run_batch(ledger).applied == 0
    assert len(deliveries()) == len(set(deliveries())) == 18


def test_a_partition_that_is_busy_holds_up_no_other(ledger, three_partitions):
    streams = _streams_per_partition(3, per=1)
    for names in streams.values():
        append_balances(names[0], 5)
    blocked = BlockingPartitionedLedger(ledger.name)
    free = PartitionedLedger(ledger.name)
    first, second, _ = partitions_of(free)

    with thread_pool(1) as submit:
        running = submit(runner.run_batch, blocked, partition=first)
        assert blocked.entered.wait(timeout=10)
        busy = runner.run_batch(free, partition=first)
        other = runner.run_batch(free, partition=second)
        blocked.release.set()
        running.result(timeout=10)

    assert busy.busy and busy.applied == 0
    assert (other.busy, other.applied) == (False, 1)
    assert [sid for sid, _ in deliveries()] in ([streams[1][0], streams[0][0]],
                                                 [streams[0][0], streams[1][0]])


def test_a_new_partitioning_starts_where_the_old_one_left_off(ledger, settings):
    ledger = PartitionedLedger(ledger.name)
    early = stream_name()
    append_balances(early, 1, 2, 3)
    settings.SHOPNEST_PROJECTION_PARTITIONS = 1
    runner.run_until_caught_up(ledger)
    assert len(deliveries()) == 3

    late = stream_name()
    append_balances(late, 7)
    settings.SHOPNEST_PROJECTION_PARTITIONS = 2
    runner.run_until_caught_up(ledger)

    # Read again from the old checkpoint, not from the start: only the new event is applied.
    assert deliveries()[3:] == [(late, 1)]
    assert balances()[early] == (3, 3)


def test_two_partitionings_never_apply_one_stream_at_once(ledger, settings):
    """A rolling restart may run workers that disagree on the count for a while: the locks
    are per bucket, so whichever holds a stream's bucket keeps the other off it."""
    append_balances(stream_name(), 1)
    settings.SHOPNEST_PROJECTION_PARTITIONS = 1
    blocked = BlockingPartitionedLedger(ledger.name)
    whole = partitions_of(blocked)[0]
    with thread_pool(1) as submit:
        running = submit(runner.run_batch, blocked, partition=whole)
        assert blocked.entered.wait(timeout=10)
        settings.SHOPNEST_PROJECTION_PARTITIONS = 2
        outcomes = [runner.run_batch(PartitionedLedger(ledger.name), partition=p)
                    for p in partitions_of(blocked)]
        blocked.release.set()
        running.result(timeout=10)
    assert all(o.busy and o.applied == 0 for o in outcomes)


def test_a_kick_that_finds_the_partition_busy_is_not_lost(ledger):
    """The kick's run finds the runner busy and leaves; the busy runner looks again before it
    lets go, so the event is projected without waiting for the sweep."""
    registered = PartitionedLedger(ledger.name)
    registry.register(registered)
    try:
        first = stream_name()
        append_balances(first, 1)
        blocked = BlockingPartitionedLedger(ledger.name)
        (partition,) = partitions_of(blocked)
        with thread_pool(1) as submit:
            running = submit(runner.run_until_caught_up, blocked, partition=partition)
            assert blocked.entered.wait(timeout=10)
            later = stream_name()
            append_balances(later, 9)
            # What a commit does: the run it enqueues (eager here) finds the partition busy.
            kick.clear_pending(partition)
            kick.kick_projections((EVENT_TYPE,), [later])
            assert deliveries() == []
            blocked.release.set()
            applied = running.result(timeout=10)
        assert applied == 2
        assert deliveries() == [(first, 1), (later, 1)]
    finally:
        registry._projections.pop(ledger.name, None)


@pytest.mark.parametrize("limit", [2, 100])
def test_a_partition_read_at_the_head_returns_what_the_bucket_branches_return(three_partitions,
                                                                               limit):
    from shopnest.eventstore import store
    from shopnest.eventstore.records import Position

    streams = _streams_per_partition(3, per=4)
    for names in streams.values():
        for name in names:
            append_balances(name, 1, 2)
    for partition in partitions_of(PartitionedLedger("ledger")):
        def read(tail: bool, partition=partition):
            return [(e.stream_id, e.version) for e in store.read_after(
                Position(0, 0), limit, [EVENT_TYPE], partition=partition, tail=tail,
                max_bytes=10**9)]
        assert read(tail=True) == read(tail=False)
        assert len(read(tail=True)) == min(limit, 8)
        assert {sid for sid, _ in read(tail=True)} <= set(streams[partition.index])


def test_a_runner_at_the_head_reads_the_tail_way_and_a_full_batch_goes_back(ledger,
                                                                            three_partitions):
    ledger = PartitionedLedger(ledger.name)
    [partition] = partitions_of(ledger)[:1]
    name = _streams_per_partition(3, per=1)[0][0]
    append_balances(name, 1, 2, 3)
    runner._at_the_head.discard(partition.key)

    assert runner.run_batch(ledger, 2, partition=partition).more  # full: still behind
    assert partition.key not in runner._at_the_head
    assert runner.run_batch(ledger, 2, partition=partition).applied == 1
    assert partition.key in runner._at_the_head
    append_balances(name, 4)
    assert runner.run_batch(ledger, 2, partition=partition).applied == 1
    assert [v for s, v in deliveries() if s == name] == [1, 2, 3, 4]


def test_a_commit_sends_a_message_for_each_idle_partition_and_none_while_they_run(
        three_partitions, monkeypatch):
    from shopnest.projections import tasks

    sent = []
    monkeypatch.setattr(tasks.run_projection, "delay",
                        lambda *target: sent.append(list(target)))
    partitions = partitions_of(PartitionedLedger("ledger"))[:2]
    for partition in partitions:
        kick.clear_pending(partition)

    kick.kick_partitions(partitions)
    kick.kick_partitions(partitions)  # their run has not left: pending still

    assert sent == [["ledger", 0, 3], ["ledger", 1, 3]]
    assert all(kick.is_marked(p) for p in partitions)
    kick.clear_pending(partitions[1])  # that run left
    kick.kick_partitions(partitions)
    assert sent[2:] == [["ledger", 1, 3]]


def test_a_kicked_run_clears_its_pending_flag_only_as_it_leaves(ledger, monkeypatch):
    from shopnest.projections import tasks

    registered = PartitionedLedger(ledger.name)
    registry.register(registered)
    try:
        (partition,) = partitions_of(registered)
        seen = []
        real_batch = runner.run_batch

        def batch(*args, **kwargs):
            seen.append(kick.pending_key(partition) in _pending_keys(partition))
            return real_batch(*args, **kwargs)

        monkeypatch.setattr(runner, "run_batch", batch)
        append_balances(stream_name(), 1)
        from django.core.cache import cache
        cache.set(kick.pending_key(partition), 1)  # as the kick that enqueued the run left it
        tasks.run_projection(registered.name, partition.index, partition.count)

        assert seen and all(seen)  # pending while it ran
        assert cache.get(kick.pending_key(partition)) is None  # cleared as it left
        assert deliveries()
    finally:
        registry._projections.pop(ledger.name, None)


def _pending_keys(partition) -> set[str]:
    from django.core.cache import cache

    return {kick.pending_key(partition)} if cache.get(kick.pending_key(partition)) else set()
