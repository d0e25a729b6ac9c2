"""How many event streams this process serves at once: a counting semaphore that also knows
when its slots free up, so a refused client is told how long to wait (Retry-After).

An open stream holds one of the web process's threads for its whole life. Without a cap a
few dashboards left open would take every thread and starve the API; with it, the rest of
the threads keep answering requests, and a stream's bounded life (streaming.py) makes every
slot free up within SHOPNEST_FEED_STREAM_SECONDS.
"""

from __future__ import annotations

import itertools
import math
import threading
import time


class Slot:
    """One stream's place; `release` gives it back (once, however often it is called)."""

    def __init__(self, slots: StreamSlots, number: int, ends_at: float):
        self._slots = slots
        self.number = number
        self.ends_at = ends_at

    def release(self) -> None:
        self._slots._release(self.number)


class StreamSlots:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._numbers = itertools.count(1)
        self._ends: dict[int, float] = {}

    def take(self, limit: int, lifetime: float) -> Slot | None:
        """Return a slot for a stream living `lifetime` seconds, or None when `limit` are
        taken."""
        with self._lock:
            if len(self._ends) >= limit:
                return None
            number = next(self._numbers)
            self._ends[number] = time.monotonic() + lifetime
            return Slot(self, number, self._ends[number])

    def _release(self, number: int) -> None:
        with self._lock:
            self._ends.pop(number, None)

    def in_use(self) -> int:
        with self._lock:
            return len(self._ends)

    def retry_after(self) -> int:
        """Whole seconds until the first slot should free up (at least 1)."""
        with self._lock:
            soonest = min(self._ends.values(), default=time.monotonic())
        return max(1, math.ceil(soonest - time.monotonic()))


# The process's streams (threads of one process share it; each process has its own).
STREAMS = StreamSlots()
