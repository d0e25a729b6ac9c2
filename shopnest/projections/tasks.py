"""Celery tasks of the projection engine: thin wrappers around the runner."""

from __future__ import annotations

import logging

from celery import shared_task
from django.core.cache import cache

from shopnest.projections import registry, runner
from shopnest.projections.kick import pending_key

log = logging.getLogger("shopnest.projections")


@shared_task(name="shopnest.projections.tasks.run_projection", ignore_result=True)
def run_projection(name: str) -> int:
    """Bring one projection up to date."""
    cache.delete(pending_key(name))
    return runner.run_until_caught_up(registry.get(name))


@shared_task(name="shopnest.projections.tasks.sweep_projections", ignore_result=True)
def sweep_projections() -> None:
    """Periodic safety net (Celery beat): guarantees progress if a kick was lost."""
    for projection in registry.all_projections():
        try:
            runner.run_until_caught_up(projection, max_seconds=5.0)
        except Exception:
            # Counted and logged by the runner (it stalls after repeated failures); the
            # projections after this one must still be swept.
            log.exception("sweep of projection %s failed", projection.name)
        finally:
            runner.heartbeat(projection)
