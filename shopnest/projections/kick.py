"""Wake the projectors after a commit, without flooding the broker.

At most one run per projection waits in the queue: a marker key in Redis is set when a run
is enqueued and cleared by the run as it starts, so events committed during a run enqueue
the next one. Losing Redis only delays projection: the periodic sweep catches up.
"""

from __future__ import annotations

import logging

from django.core.cache import cache

from shopnest.projections import registry

log = logging.getLogger("shopnest.projections")
PENDING_TTL_SECONDS = 30


def pending_key(name: str) -> str:
    return f"projection-pending:{name}"


def kick_projections(event_types: tuple[str, ...]) -> None:
    """Enqueue one run of every projection that handles any of `event_types`."""
    kick_named(tuple(p.name for p in registry.interested_in(event_types)))


def kick_named(names: tuple[str, ...]) -> None:
    """Enqueue one run of each named projection, unless one is already waiting."""
    from shopnest.projections.tasks import run_projection

    for name in names:
        try:
            if not cache.add(pending_key(name), 1, PENDING_TTL_SECONDS):
                continue
            run_projection.delay(name)
        except Exception:  # the broker being away must not fail a committed command
            log.warning("could not enqueue projection %s; the sweep will catch up", name,
                        exc_info=True)
