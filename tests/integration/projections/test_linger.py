"""A lingering run (shopnest/projections/linger.py): it holds the pending flags of the idle
partitions, so commits send the broker nothing; it serves any partition as soon as a commit
marks it; it never loses a mark, whether the partition is busy or the mark comes just as it
leaves; it lets go of every flag it took; and only one run lingers at a time."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.db import transaction

from shopnest.projections import kick, linger, registry, runner
from shopnest.projections.partitions import bucket_of, partitions_of
from tests.integration.eventstore.helpers import stream_name, thread_pool

from .ledger import PartitionedLedger, append_balances, deliveries


@pytest.fixture
def partitioned(ledger):
    registered = PartitionedLedger(ledger.name)
    registry.register(registered)
    yield registered
    registry._projections.pop(ledger.name, None)


@pytest.fixture
def sent(monkeypatch):
    """The messages commits would send the broker (none are sent)."""
    from shopnest.projections import tasks

    messages = []
    monkeypatch.setattr(tasks.run_projection, "delay", lambda *target: messages.append(target))
    return messages


def _pending(partition) -> bool:
    return cache.get(kick.pending_key(partition)) is not None


def _wait_for(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def _kicked_run(partition):
    """The flag as the kick that enqueued the run left it (the run holds it)."""
    kick.clear_pending(partition)
    assert kick.adopt([partition]) == [partition]


def test_commits_while_a_run_lingers_are_served_at_once_and_send_nothing(partitioned, sent,
                                                                         settings):
    settings.SHOPNEST_PROJECTION_PARTITIONS = 1
    (partition,) = partitions_of(partitioned)
    _kicked_run(partition)
    name = stream_name()
    with thread_pool(1) as submit:
        lingering = submit(linger.linger, partition, quiet=3.0, lifetime=10.0)
        for amount in (1, 2, 3):
            append_balances(name, amount)
            kick.kick_partitions([partition])
            assert _wait_for(lambda n=amount: len(deliveries()) == n)
        assert not lingering.done()  # served while it waited, not by its last look
        assert _pending(partition)
        assert lingering.result(timeout=10) == 3
    assert sent == []
    assert not _pending(partition)
    assert [v for s, v in deliveries() if s == name] == [1, 2, 3]


def test_a_run_adopts_only_idle_partitions_and_lets_go_of_what_it_took(partitioned, sent,
                                                                       settings):
    settings.SHOPNEST_PROJECTION_PARTITIONS = 3
    first, other_run, idle = partitions_of(partitioned)
    _kicked_run(first)
    kick.clear_pending(idle)
    cache.set(kick.pending_key(other_run), 1, 30)  # another run is waiting in the queue

    linger.linger(first, quiet=0.05, lifetime=1.0)

    assert not _pending(first) and not _pending(idle)
    assert _pending(other_run)  # not this run's to clear
    assert sent == []


def test_a_mark_that_comes_just_before_the_release_is_served(partitioned, sent, settings,
                                                             monkeypatch):
    settings.SHOPNEST_PROJECTION_PARTITIONS = 1
    (partition,) = partitions_of(partitioned)
    _kicked_run(partition)
    name = stream_name()
    release = kick.release

    def commit_then_release(partitions):
        # A command commits after the run's last wait: its kick finds the flag still
        # held, so it sends nothing and only marks.
        append_balances(name, 7)
        kick.kick_partitions([partition])
        release(partitions)

    monkeypatch.setattr(kick, "release", commit_then_release)
    assert linger.linger(partition, quiet=0.05, lifetime=1.0) == 1
    assert sent == []
    assert [s for s, _ in deliveries()] == [name]


def test_a_partition_another_runner_holds_is_served_once_it_lets_go(partitioned, sent,
                                                                    settings):
    settings.SHOPNEST_PROJECTION_PARTITIONS = 1
    (partition,) = partitions_of(partitioned)
    _kicked_run(partition)
    name = stream_name()
    append_balances(name, 5)
    with thread_pool(2) as submit:
        holding, letting_go = _hold_locks(submit, partition)
        lingering = submit(linger.linger, partition, quiet=3.0, lifetime=10.0)
        kick.kick_partitions([partition])
        time.sleep(0.3)
        assert deliveries() == []  # busy: the mark waits for the holder
        # Put back after each try (the run takes it for a moment as it looks again).
        assert _wait_for(lambda: kick.is_marked(partition), timeout=2.0)
        letting_go()
        holding.result(timeout=10)
        assert _wait_for(lambda: len(deliveries()) == 1)
        assert not lingering.done()
        assert lingering.result(timeout=10) == 1
    assert [s for s, _ in deliveries()] == [name]


def _hold_locks(submit, partition):
    """Hold the partition's locks in a transaction of another connection until let go."""
    import threading

    taken, release = threading.Event(), threading.Event()

    def hold():
        with transaction.atomic():
            runner.lock_partition(partition)
            taken.set()
            release.wait(timeout=10)

    holding = submit(hold)
    assert taken.wait(timeout=10)
    return holding, release.set


def test_a_partition_whose_run_waits_in_the_queue_is_served_meanwhile(partitioned, sent,
                                                                      settings):
    settings.SHOPNEST_PROJECTION_PARTITIONS = 3
    first, queued, _ = partitions_of(partitioned)
    _kicked_run(first)
    cache.set(kick.pending_key(queued), 1, 30)  # its run waits behind another task
    name = _stream_in(queued, 3)
    with thread_pool(1) as submit:
        lingering = submit(linger.linger, first, quiet=3.0, lifetime=10.0)
        append_balances(name, 1)
        kick.kick_partitions([queued])
        assert _wait_for(lambda: len(deliveries()) == 1)
        assert not lingering.done()
        lingering.result(timeout=10)
    assert sent == []
    assert _pending(queued)  # still its queued run's, which finds nothing left to do


def test_one_run_lingers_at_a_time(partitioned, sent, settings):
    settings.SHOPNEST_PROJECTION_PARTITIONS = 1
    (partition,) = partitions_of(partitioned)
    _kicked_run(partition)
    assert kick.take_linger_slot(30)
    try:
        assert linger.linger(partition, quiet=0.05, lifetime=1.0) is None
        assert _pending(partition)  # left to the caller, which runs it the usual way
    finally:
        kick.leave_linger_slot()
    assert linger.linger(partition, quiet=0.05, lifetime=1.0) == 0
    assert not _pending(partition)


def _stream_in(partition, count: int) -> str:
    while True:
        name = stream_name()
        if bucket_of(name) % count == partition.index:
            return name


def test_the_beat_sweep_leaves_the_partitions_to_a_lingering_run(partitioned, settings):
    from shopnest.projections import tasks

    settings.SHOPNEST_PROJECTION_PARTITIONS = 1
    append_balances(stream_name(), 1)  # no kick: only a sweep finds it
    assert kick.take_linger_slot(30)
    try:
        tasks.sweep_projections()
        assert deliveries() == []
    finally:
        kick.leave_linger_slot()
    tasks.sweep_projections()
    assert len(deliveries()) == 1


def test_a_run_busy_to_the_end_of_its_lifetime_sweeps_as_it_leaves(partitioned, sent,
                                                                   settings):
    settings.SHOPNEST_PROJECTION_PARTITIONS = 2
    first, other = partitions_of(partitioned)
    _kicked_run(first)
    unmarked = _stream_in(other, 2)
    busy = _stream_in(first, 2)
    with thread_pool(1) as submit:
        lingering = submit(linger.linger, first, quiet=1.0, lifetime=1.5)
        append_balances(unmarked, 1)  # committed without a kick (its mark was lost)
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:  # commits on the other partition keep it busy
            append_balances(busy, 1)
            kick.kick_partitions([first])
            time.sleep(0.1)
        assert lingering.result(timeout=20) >= 1
    assert unmarked in {s for s, _ in deliveries()}


def test_the_slot_of_a_run_killed_while_lingering_lapses():
    assert kick.take_linger_slot(1)
    try:
        assert kick.someone_lingers()
        assert not kick.take_linger_slot(1)
        assert _wait_for(lambda: not kick.someone_lingers(), timeout=3.0)
        assert kick.take_linger_slot(1)  # the next run lingers
    finally:
        kick.leave_linger_slot()


def test_a_wait_returns_the_marked_partitions_of_one_index_in_the_registrys_order():
    from shopnest.projections.partitions import Partition

    a0, b0, a1, b1 = (Partition(name, index, 2) for index in (0, 1) for name in ("a", "b"))
    every = [a0, b0, a1, b1]
    for partition in every:
        kick.clear_mark(partition)
    marks = kick.MarkWaiter(every)
    for partition in (b0, a0, b1):
        kick.mark(partition)

    assert marks.wait(1.0) == [a0, b0]  # one commit's partitions, the registry's order
    assert marks.wait(1.0) == [b1]
    assert marks.wait(0.05) == []


def test_taking_a_group_again_adds_its_partitions_marked_since_and_leaves_the_others():
    """What a run under load does after its short wait (linger.COALESCE_SECONDS): the marks
    commits set meanwhile in the group it is about to serve are taken with it."""
    from shopnest.projections.partitions import Partition

    a0, b0, a1 = Partition("a", 0, 2), Partition("b", 0, 2), Partition("a", 1, 2)
    for partition in (a0, b0, a1):
        kick.clear_mark(partition)
    marks = kick.MarkWaiter([a0, b0, a1])
    kick.mark(a0)
    assert marks.wait(1.0) == [a0]
    kick.mark(b0)  # meanwhile, in the same group
    kick.mark(a1)  # and in another

    assert marks.take_group([a0]) == [a0, b0]
    assert not kick.is_marked(b0)
    assert marks.wait(1.0) == [a1]
    assert marks.take_group([a1]) == [a1]


def test_a_partition_marked_over_and_over_does_not_starve_the_others():
    from shopnest.projections.partitions import Partition

    hot, cold_sibling, cold = Partition("a", 0, 2), Partition("b", 0, 2), Partition("a", 1, 2)
    for partition in (hot, cold_sibling, cold):
        kick.clear_mark(partition)
    marks = kick.MarkWaiter([hot, cold_sibling, cold])
    kick.mark(cold_sibling)
    kick.mark(cold)
    served = []
    for _ in range(3):
        kick.mark(hot)  # marked again before every wait
        served.extend(marks.wait(1.0))
    assert cold in served and cold_sibling in served


def _lingering_beside_another_run(partitioned, settings):
    """Two partitions: the first's kicked run is about to linger, the other's own run is on
    (its flag is not this run's to adopt)."""
    settings.SHOPNEST_PROJECTION_PARTITIONS = 2
    first, other = partitions_of(partitioned)
    _kicked_run(first)
    cache.set(kick.pending_key(other), 1, 30)
    return first, other


def test_a_partition_whose_own_run_left_meanwhile_is_adopted_within_a_second(
        partitioned, sent, settings):
    first, other = _lingering_beside_another_run(partitioned, settings)
    name = _stream_in(other, 2)
    with thread_pool(1) as submit:
        lingering = submit(linger.linger, first, quiet=4.0, lifetime=10.0)
        time.sleep(0.3)
        kick.clear_pending(other)  # that run left
        time.sleep(linger.RENEW_SECONDS + 0.5)
        append_balances(name, 1)
        kick.kick_partitions([other])
        assert _wait_for(lambda: len(deliveries()) == 1)
        assert not lingering.done()
        lingering.result(timeout=15)
    assert sent == []  # adopted: the commit sent the broker nothing
    assert not _pending(other)  # and let go of as the run left


def test_while_commits_flow_a_partition_whose_own_run_left_is_adopted_at_once(
        partitioned, sent, settings):
    """Well within the slot's renewal: every commit meanwhile would otherwise find no flag
    and send the broker a message of its own."""
    first, other = _lingering_beside_another_run(partitioned, settings)
    busy = _stream_in(first, 2)
    with thread_pool(1) as submit:
        lingering = submit(linger.linger, first, quiet=2.0, lifetime=10.0)
        time.sleep(0.2)
        kick.clear_pending(other)  # that run left
        left = time.monotonic()
        amount = 0
        while not _pending(other) and time.monotonic() - left < linger.RENEW_SECONDS:
            amount += 1
            append_balances(busy, amount)  # commits keep the lingering run awake
            kick.kick_partitions([first])
        adopted_after = time.monotonic() - left
        assert _pending(other)
        lingering.result(timeout=15)
    assert adopted_after < linger.RENEW_SECONDS / 2, adopted_after
    assert sent == []
    assert not _pending(other)


def test_a_run_whose_redis_goes_away_reports_that_and_keeps_its_context(partitioned,
                                                                        settings, monkeypatch):
    from redis.exceptions import ConnectionError as RedisDown

    from shopnest.observability import correlation

    settings.SHOPNEST_PROJECTION_PARTITIONS = 1
    (partition,) = partitions_of(partitioned)
    _kicked_run(partition)

    def gone(*_args, **_kwargs):
        raise RedisDown("Redis went away")

    monkeypatch.setattr(kick.MarkWaiter, "wait", gone)
    monkeypatch.setattr(kick, "release", gone)  # letting go fails too: the flags lapse
    with correlation.bound("the-kicking-command"):
        with pytest.raises(RedisDown, match="went away"):
            linger.linger(partition, quiet=0.05, lifetime=1.0)
        assert correlation.current() == "the-kicking-command"
    assert not kick.someone_lingers()  # the slot was left, though the flags were not
    monkeypatch.undo()
    kick.clear_pending(partition)
