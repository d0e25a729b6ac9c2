"""Credits per minute counted in Redis with python-limits' fixed window.

A fixed window matches what Freshdesk reports: a total per minute, what is left of it, and
when it starts afresh (Retry-After). The counter is one Redis key per limit, incremented and
given its expiry by one Lua script, so web processes on any number of machines share it and
never lose a count to a race. A call the budget refuses is counted too (Freshdesk counts
every call); the window still ends a minute after it began.

python-limits rather than our own INCR + EXPIRE script: it is maintained, its Redis counter
is already that one atomic script, it charges a cost per hit (include credits), reports the
window's remaining count and reset time, speaks every Redis URL redis-py does (unix sockets,
TLS, Sentinel, Cluster) and offers a moving window should a fixed one ever be too bursty.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from functools import lru_cache

from limits import RateLimitItemPerMinute
from limits.errors import StorageError
from limits.storage import RedisStorage
from limits.strategies import FixedWindowRateLimiter

from shopnest.api.ratelimit.warnings import OccasionalWarning

# A Redis that does not answer must not hold API calls up for long: the API fails open.
REDIS_TIMEOUT_SECONDS = 0.5

log = logging.getLogger("shopnest.api.ratelimit")

__all__ = ["Budget", "Refusal", "StorageError", "Verdict", "budget_at"]


@dataclass(frozen=True)
class Refusal:
    """The limit that refused a call: its name ("desk" or the endpoint's), its credits per
    minute, and the seconds until its window starts afresh."""

    limit_name: str
    per_minute: int
    retry_after: int


@dataclass(frozen=True)
class Verdict:
    """What one call spent, what is left of the desk's budget, and what refused it, if
    anything did."""

    total: int
    remaining: int
    cost: int
    refusal: Refusal | None = None


class Budget:
    """The desk's per-minute budget and its per-endpoint sub-limits in one Redis."""

    def __init__(self, redis_url: str, key_prefix: str):
        self.storage = RedisStorage(redis_url, key_prefix=key_prefix, wrap_exceptions=True,
                                    socket_timeout=REDIS_TIMEOUT_SECONDS,
                                    socket_connect_timeout=REDIS_TIMEOUT_SECONDS)
        self.window = FixedWindowRateLimiter(self.storage)
        # For the caller that goes ahead when this Redis fails: once a minute, not per call.
        self.unreachable = OccasionalWarning(
            log, "API rate limits are not enforced: their Redis cannot be reached")

    def charge(self, *, total: int, cost: int, endpoint: str | None = None,
               endpoint_limit: int | None = None) -> Verdict:
        """Spend `cost` credits of the desk's `total` per minute and, when the endpoint has a
        sub-limit, of the endpoint's `endpoint_limit`. Raise StorageError if Redis fails."""
        account = RateLimitItemPerMinute(total)
        allowed = self.window.hit(account, "desk", cost=cost)
        stats = self.window.get_window_stats(account, "desk")
        if not allowed:
            refusal = Refusal("desk", total, _seconds_until(stats.reset_time))
            return Verdict(total, stats.remaining, cost, refusal)
        if endpoint and endpoint_limit is not None:
            limit = RateLimitItemPerMinute(endpoint_limit)
            if not self.window.hit(limit, "endpoint", endpoint, cost=cost):
                reset = self.window.get_window_stats(limit, "endpoint", endpoint).reset_time
                refusal = Refusal(endpoint, endpoint_limit, _seconds_until(reset))
                return Verdict(total, stats.remaining, cost, refusal)
        return Verdict(total, stats.remaining, cost)


def _seconds_until(reset_time: float) -> int:
    """Whole seconds until `reset_time` (epoch seconds), at least 1."""
    return max(1, math.ceil(reset_time - time.time()))


@lru_cache(maxsize=8)
def budget_at(redis_url: str, key_prefix: str) -> Budget:
    """The process's Budget (and Redis connection pool) for one Redis and key prefix."""
    return Budget(redis_url, key_prefix)
