"""Housekeeping jobs of the kernel (Celery beat)."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import connection

log = logging.getLogger("shopnest.housekeeping")


@shared_task(name="shopnest.tasks.purge_idempotency_records", ignore_result=True)
def purge_idempotency_records() -> int:
    """Forget Idempotency-Key outcomes older than the replay window; return how many."""
    window = timedelta(hours=settings.SHOPNEST_IDEMPOTENCY_HOURS)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM shopnest_idempotency WHERE created_at < now() - %s", [window])
        purged = cursor.rowcount
    if purged:
        log.info("purged %s idempotency records older than %s", purged, window)
    return purged
