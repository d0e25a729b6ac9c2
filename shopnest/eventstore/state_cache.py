"""Folded stream states this process loaded last, checked against the store at every load.

A load of a remembered stream reads only the events from the remembered version on (one
query, as a whole read is) and folds the new ones onto the remembered state, so a command on
a ticket with a thousand events costs what one on a new ticket does. The store stays the
truth, and the read is the check:

- a stream's events never change, so its first `v` events fold to the same state whenever
  they are folded: a remembered state at version `v` is good while the stream's event at `v`
  is still the one it was folded from. The read includes that event and compares its id,
  so a state folded from events that were rolled back (another transaction appended those
  versions) or from a database that was since replaced is never used;
- an erasure makes earlier events read differently (their key is gone). Every stream holding
  the person's data gets an event saying so (`DomainEvent.REDACTS`); a read that finds one
  folds the whole stream again from the store.

What is remembered is bounded by the events folded into it (a state grows with its stream):
`SHOPNEST_STREAM_CACHE_EVENTS` in all, least recently loaded first out; and in time: a state
remembered more than `SHOPNEST_STREAM_CACHE_SECONDS` ago is dropped (the next load folds the
stream afresh), so the personal data a state holds (a contact's name and address) does not
stay in a process's memory for long after an erasure this process never loaded. States are
immutable (frozen dataclasses, evolved by copy), so a remembered one can be handed to any
caller.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class Remembered:
    aggregate: Any  # the Aggregate that folded it (a stream is folded by one aggregate)
    version: int
    last_event_id: Any  # the id of the event at `version`
    state: Any
    at: float = 0.0  # when it was remembered (time.monotonic(); set by StateCache.put)


class StateCache:
    def __init__(self) -> None:
        self._entries: OrderedDict[str, Remembered] = OrderedDict()
        self._weight = 0
        self._lock = threading.Lock()

    def get(self, aggregate: Any, stream_id: str) -> Remembered | None:
        with self._lock:
            entry = self._entries.get(stream_id)
            if entry is None or entry.aggregate is not aggregate:
                return None
            if time.monotonic() - entry.at > settings.SHOPNEST_STREAM_CACHE_SECONDS:
                self._drop(stream_id)
                return None
            self._entries.move_to_end(stream_id)
            return entry

    def put(self, stream_id: str, entry: Remembered) -> None:
        limit = settings.SHOPNEST_STREAM_CACHE_EVENTS
        if entry.version > limit:
            return
        entry = replace(entry, at=time.monotonic())
        with self._lock:
            self._drop(stream_id)
            self._entries[stream_id] = entry
            self._weight += entry.version
            while self._weight > limit:
                _, dropped = self._entries.popitem(last=False)
                self._weight -= dropped.version

    def forget(self, stream_id: str) -> None:
        with self._lock:
            self._drop(stream_id)

    def _drop(self, stream_id: str) -> None:
        old = self._entries.pop(stream_id, None)
        if old is not None:
            self._weight -= old.version

    def __len__(self) -> int:
        return len(self._entries)


STATES = StateCache()
