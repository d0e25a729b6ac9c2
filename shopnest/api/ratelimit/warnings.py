"""A warning logged at most once per interval, however often its cause recurs."""

from __future__ import annotations

import logging
import threading
import time


class OccasionalWarning:
    """Log `message` at most once every `every` seconds, with how many times it recurred
    in between, so a lasting outage does not flood the log with one line per request."""

    def __init__(self, logger: logging.Logger, message: str, every: float = 60.0):
        self.logger = logger
        self.message = message
        self.every = every
        self._lock = threading.Lock()
        self._last_logged: float | None = None
        self._held_back = 0

    def warn(self, error: BaseException) -> None:
        with self._lock:
            now = time.monotonic()
            if self._last_logged is not None and now - self._last_logged < self.every:
                self._held_back += 1
                return
            held_back, self._held_back, self._last_logged = self._held_back, 0, now
        self.logger.warning("%s (%s: %s; %d more since the last warning)", self.message,
                            type(error).__name__, error, held_back)
