"""`GET /healthz`: database, broker and projections, for load balancers and operators.

200 when everything works; 503 when the database or the broker cannot be reached, a
projection is stalled, a projection's loop has not beaten for too long (a dead loop must
not pass for "no lag"), or the cluster's next transaction id is not above the event store's
(a logical restore into a new cluster without pg_resetwal: new events would never be
projected).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET
from kombu import Connection

from shopnest.eventstore.transaction_ids import read_transaction_ids
from shopnest.mediator import timings
from shopnest.projections.health import (
    all_projection_health,
    oldest_appending_transaction_seconds,
    oldest_writing_transaction_seconds,
)

log = logging.getLogger("shopnest.health")


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True,
                "oldest_appending_transaction_seconds": oldest_appending_transaction_seconds(),
                "oldest_writing_transaction_seconds": oldest_writing_transaction_seconds()}
    except Exception as exc:
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}


def _transaction_ids() -> dict:
    ids = read_transaction_ids()
    entry = {"ok": ids.ok, "next": ids.next_xid, "store_highest": ids.highest}
    return entry if ids.ok else {**entry, "error": ids.problem()}


def _broker() -> dict:
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        return {"ok": True}
    except Exception as exc:
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}


def _projections() -> tuple[bool, list[dict]]:
    limit = settings.SHOPNEST_MAX_HEARTBEAT_AGE
    out, healthy = [], True
    for health in all_projection_health():
        entry = health.to_json()
        beat = health.heartbeat_age_seconds
        entry["ok"] = health.status != "stalled" and beat is not None and beat <= limit
        healthy = healthy and entry["ok"]
        out.append(entry)
    return healthy, out


@require_GET
def healthz(request) -> JsonResponse:
    database, broker = _database(), _broker()
    projections_ok, projections = (False, []) if not database["ok"] else _projections()
    ids = _transaction_ids() if database["ok"] else {"ok": False}
    ok = database["ok"] and broker["ok"] and projections_ok and ids["ok"]
    if not ok:
        log.warning("unhealthy: database=%s broker=%s projections=%s transaction_ids=%s",
                    database, broker, [p for p in projections if not p["ok"]], ids)
    body = {"status": "ok" if ok else "unhealthy", "database": database, "broker": broker,
            "projections": projections, "transaction_ids": ids,
            # Recent command and query timings of the process that answered (p50/p99, ms).
            "this_process": {"timings": timings.summary()}}
    return JsonResponse(body, status=200 if ok else 503)


@require_GET
def live(request) -> JsonResponse:
    """Liveness of this web process alone (for container health checks): it serves requests."""
    return JsonResponse({"status": "ok"})
