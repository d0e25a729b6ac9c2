"""/metrics in Prometheus' text format: what the processes counted, and the projections'
health read from the database.

Counters and histograms (commands, appends, projection batches: shopnest.observability.metrics)
come from every web and worker process of the machine when PROMETHEUS_MULTIPROC_DIR is set
(each process keeps its values in a file there), else from this process alone.

The health gauges are read from the database at scrape time (a collector, not values kept in
a process), so every web process answers the same and a scrape sees what /healthz sees: each
projection's lag in events and seconds, failures in a row, whether it is stalled, its loop's
heartbeat age, the ages of the oldest appending and the oldest writing transaction; for a
failing one, the event it stopped at and the error's first line (an info metric).
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from shopnest.observability import metrics as instruments
from shopnest.projections.health import (
    all_projection_health,
    oldest_appending_transaction_seconds,
    oldest_writing_transaction_seconds,
)


class DeskCollector:
    def collect(self):
        per_projection = {
            "lag_events": "Events the projection has not applied yet (counted up to 10000)",
            "lag_seconds": "Age of the oldest event the projection has not applied yet",
            "failures": "Failed batches in a row",
            "stalled": "1 when the projection is stalled and waits for a person",
            "heartbeat_age_seconds": "Seconds since the projection's loop last showed life",
        }
        families = {name: GaugeMetricFamily(f"shopnest_projection_{name}", text,
                                            labels=["projection"])
                    for name, text in per_projection.items()}
        # What an alert on `failures` or `stalled` needs to say: the event and the error.
        failing = GaugeMetricFamily(
            "shopnest_projection_failure_info",
            "1 for a projection whose last batch failed: the event it stopped at and the error",
            labels=["projection", "failed_event", "error"])
        for health in all_projection_health():
            if health.failures or health.status == "stalled":
                failing.add_metric([health.name, health.failed_event, health.last_error], 1.0)
            values = {"lag_events": health.lag_events, "lag_seconds": health.lag_seconds,
                      "failures": health.failures, "stalled": float(health.status == "stalled"),
                      "heartbeat_age_seconds": health.heartbeat_age_seconds}
            for name, value in values.items():
                if value is not None:
                    families[name].add_metric([health.name], float(value))
        yield from families.values()
        yield failing
        yield GaugeMetricFamily(
            "shopnest_oldest_appending_transaction_seconds",
            "Age of the oldest open transaction appending to the event store (the cause of lag)",
            value=oldest_appending_transaction_seconds())
        yield GaugeMetricFamily(
            "shopnest_oldest_writing_transaction_seconds",
            "Age of the oldest open writing transaction on the server (for operators)",
            value=oldest_writing_transaction_seconds())
        with connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(max(position), 0) FROM es_events")
            head = cursor.fetchone()[0]
        yield GaugeMetricFamily("shopnest_event_store_head_position",
                                "Position of the newest event appended", value=float(head))


class ProcessCollector:
    """This process's own counters and histograms (no shared directory: one process)."""

    def collect(self):
        yield from instruments.REGISTRY.collect()


def scrape_registry() -> CollectorRegistry:
    """Return what a scrape reads: every process's values, then the database's gauges."""
    registry = CollectorRegistry(auto_describe=False)
    if settings.PROMETHEUS_MULTIPROC_DIR:
        MultiProcessCollector(registry, path=settings.PROMETHEUS_MULTIPROC_DIR)
    else:
        registry.register(ProcessCollector())
    registry.register(DeskCollector())
    return registry


@require_GET
def metrics(request) -> HttpResponse:
    return HttpResponse(generate_latest(scrape_registry()), content_type=CONTENT_TYPE_LATEST)
