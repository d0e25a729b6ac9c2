"""Wake the projectors after a commit, without flooding the broker or losing a wake-up.

Per partition (partitions.py) two keys in Redis, set together in one round trip:
- the *mark* says "there may be new events": a list a kick pushes onto, which the runner
  holding the partition's locks deletes before it reads a batch and looks at again before it
  lets go, so a kick that found the partition busy is never lost (its events are read by the
  busy runner's next batch). Being a list, a lingering run can wait on it (linger.py);
- the *pending* key keeps at most one run per partition waiting in the queue or running: it
  is set when a run is enqueued (or adopted by a lingering run) and cleared by the run as it
  leaves (after which the run looks at the mark once more), so commands committed while a
  run is on enqueue nothing.
Losing Redis only delays projection: the periodic sweep catches up.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache

from shopnest.projections import registry
from shopnest.projections.partitions import Partition, partition_of, partitions_of

log = logging.getLogger("shopnest.projections")
PENDING_TTL_SECONDS = 30
MARK_TTL_SECONDS = 300
LINGER_SLOT_KEY = "projection-lingering"


def pending_key(partition: Partition) -> str:
    return f"projection-pending:{partition.key}"


def mark_key(partition: Partition) -> str:
    return f"projection-mark:{partition.key}"


_clients: dict[bool, Any] = {}


def _client(key: str, *, write: bool):
    """The raw redis-py client of Django's cache, made once per process: the cache makes a
    new one for every call (a tenth of a projector's time went there). It is safe to share
    between threads, and its pool reconnects after a fork."""
    client = _clients.get(write)
    if client is None:
        client = _clients[write] = cache._cache.get_client(key, write=write)
    return client


def kick_projections(event_types: tuple[str, ...], stream_ids: Iterable[str] = (), *,
                     also: Callable[[Any], None] | None = None) -> None:
    """Enqueue a run of every projection partition that handles any of `event_types` and
    owns one of `stream_ids` (every partition when no stream is named). `also` queues more
    commands on the same Redis pipeline (a command's read-your-writes token): one round
    trip after a commit, whatever it wakes."""
    ids = tuple(stream_ids)
    targets: set[Partition] = set()
    for projection in registry.interested_in(event_types):
        if ids:
            targets.update(partition_of(projection, sid) for sid in ids)
        else:
            targets.update(partitions_of(projection))
    kick_partitions(sorted(targets), also=also)


def kick_named(names: tuple[str, ...]) -> None:
    """Enqueue a run of every partition of each named projection."""
    kick_partitions([p for name in names for p in partitions_of(registry.get(name))])


def kick_partitions(partitions: list[Partition], *,
                    also: Callable[[Any], None] | None = None) -> None:
    """Mark each partition and enqueue a run of each that has none waiting or running (so a
    busy desk sends the broker one message per run, not one per command)."""
    if not partitions and also is None:
        return
    from shopnest.projections.tasks import run_projection

    try:
        marks = [cache.make_and_validate_key(mark_key(p)) for p in partitions]
        pendings = [cache.make_and_validate_key(pending_key(p)) for p in partitions]
        pipe = _client(marks[0] if marks else "", write=True).pipeline(transaction=False)
        for marked, pending in zip(marks, pendings, strict=True):
            _push_mark(pipe, marked)
            pipe.set(pending, 1, ex=PENDING_TTL_SECONDS, nx=True)
        if also is not None:
            also(pipe)
        replies = pipe.execute()
        # A message for each partition this commit found idle: the worker's processes take
        # them side by side (one message for all of them ran them in turn, and the lag of
        # the last doubled).
        for partition, enqueue in zip(partitions, replies[3::4], strict=True):
            if enqueue:
                run_projection.delay(partition.projection, partition.index, partition.count)
    except Exception:  # the broker being away must not fail a committed command
        log.warning("could not enqueue projection runs; the sweep will catch up", exc_info=True)


def adopt(partitions: list[Partition]) -> list[Partition]:
    """Take the pending flag of each partition that has no run waiting or running; return
    those taken (their kicks now enqueue nothing: the caller serves them)."""
    if not partitions:
        return []
    pendings = [cache.make_and_validate_key(pending_key(p)) for p in partitions]
    pipe = _client(pendings[0], write=True).pipeline(transaction=False)
    for pending in pendings:
        pipe.set(pending, 1, ex=PENDING_TTL_SECONDS, nx=True)
    return [p for p, taken in zip(partitions, pipe.execute(), strict=True) if taken]


def release(partitions: list[Partition]) -> None:
    """Clear the pending flags of partitions a run served (one round trip)."""
    if partitions:
        keys = [cache.make_and_validate_key(pending_key(p)) for p in partitions]
        _client(keys[0], write=True).delete(*keys)


class MarkWaiter:
    """Waits on the marks of many partitions (a lingering run's, linger.py).

    Partitions of one index (the same streams, in each projection) form a group, served
    together: a wait returns the partition whose mark woke it and every other marked one of
    its group, in the registry's order (one commit's partitions one after the other, the
    ticket list's before its history's). Redis hands a blocking pop the first marked key in
    the order given, so a group served moves to the end: a partition marked over and over
    cannot starve the others. Keys are made once: a wait is one command, whatever it
    watches, and one more for the rest of the group."""

    def __init__(self, partitions: list[Partition]):
        self._order = {cache.make_and_validate_key(mark_key(p)): p for p in partitions}

    def wait(self, timeout: float) -> list[Partition]:
        """Block until one of the partitions is marked (or `timeout` seconds pass); return
        the marked partitions of its group, their marks taken: the caller runs a batch of
        each next, or puts the mark back (`mark`) when another runner holds it, for that
        runner's last look."""
        keys = list(self._order)
        client = _client(keys[0], write=True)
        popped = client.blpop(keys, timeout=max(timeout, 0.001))
        if popped is None:
            return []
        woken = popped[0].decode() if isinstance(popped[0], bytes) else popped[0]
        index = self._order[woken].index
        group = [key for key, p in self._order.items() if p.index == index]
        others = [key for key in group if key != woken]
        taken = {woken}
        if others:
            pipe = client.pipeline(transaction=False)
            for key in others:
                pipe.lpop(key)
            taken.update(key for key, was in zip(others, pipe.execute(), strict=True) if was)
        marked = [self._order[key] for key in group if key in taken]
        for key in group:
            self._order[key] = self._order.pop(key)  # now last, in the same order
        return marked

    def take_group(self, marked: list[Partition]) -> list[Partition]:
        """Take the marks set since of the group of `marked` (taken by the last wait), and
        return the group's partitions marked then or now, in the wait's order."""
        index = marked[0].index
        group = [key for key, p in self._order.items() if p.index == index]
        client = _client(group[0], write=True)
        pipe = client.pipeline(transaction=False)
        for key in group:
            pipe.lpop(key)
        now = {self._order[key] for key, was in zip(group, pipe.execute(), strict=True) if was}
        return [p for p in (self._order[key] for key in group) if p in now or p in marked]


def take_linger_slot(seconds: float) -> bool:
    """Become the desk's lingering run, if there is none (linger.py): one at a time, so the
    worker's other processes stay free for the queue's other tasks. The slot lapses after
    `seconds` unless renewed: a run killed while lingering holds it no longer."""
    key = cache.make_and_validate_key(LINGER_SLOT_KEY)
    return bool(_client(key, write=True).set(key, 1, ex=max(1, math.ceil(seconds)), nx=True))


def renew_linger_slot(seconds: float) -> None:
    key = cache.make_and_validate_key(LINGER_SLOT_KEY)
    _client(key, write=True).expire(key, max(1, math.ceil(seconds)))


def someone_lingers() -> bool:
    """Whether a run lingers now (False when Redis cannot say: then the sweep runs)."""
    try:
        key = cache.make_and_validate_key(LINGER_SLOT_KEY)
        return bool(_client(key, write=False).exists(key))
    except Exception:
        return False


def leave_linger_slot() -> None:
    key = cache.make_and_validate_key(LINGER_SLOT_KEY)
    _client(key, write=True).delete(key)


def mark(partition: Partition) -> None:
    """Mark a partition again (a mark a MarkWaiter took, whose partition was busy)."""
    key = cache.make_and_validate_key(mark_key(partition))
    pipe = _client(key, write=True).pipeline(transaction=False)
    _push_mark(pipe, key)
    pipe.execute()


def _push_mark(pipe, key: str) -> None:
    # At most one element: a waiting run needs one, and the list never grows.
    pipe.lpush(key, 1)
    pipe.ltrim(key, 0, 0)
    pipe.expire(key, MARK_TTL_SECONDS)


def clear_pending(partition: Partition) -> None:
    try:
        release([partition])
    except Exception:
        log.warning("could not clear the pending run of %s", partition, exc_info=True)


def clear_mark(partition: Partition) -> None:
    try:
        key = cache.make_and_validate_key(mark_key(partition))
        _client(key, write=True).delete(key)
    except Exception:  # without Redis there are no kicks to lose: the sweep runs anyway
        pass


def is_marked(partition: Partition) -> bool:
    try:
        key = cache.make_and_validate_key(mark_key(partition))
        return bool(_client(key, write=False).exists(key))
    except Exception:
        return False
