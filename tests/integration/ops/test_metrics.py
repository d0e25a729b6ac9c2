"""/metrics shows the projections' health in Prometheus' text format, read at scrape time."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from shopnest.mediator import mediator
from tests.integration.mediator.test_read_your_writes import projection_locked
from tests.integration.mediator.tickets import open_ticket_command


def _samples() -> dict[tuple[str, str | None], float]:
    response = Client().get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return {(s.name, s.labels.get("projection")): s.value
            for family in text_string_to_metric_families(response.content.decode())
            for s in family.samples}


def test_metrics_name_every_projection_and_the_store_head():
    mediator.send(open_ticket_command())
    samples = _samples()

    for name in ("tickets", "contacts", "accounts", "companies", "groups"):
        assert samples[("shopnest_projection_lag_events", name)] >= 0
        assert samples[("shopnest_projection_stalled", name)] == 0
    assert samples[("shopnest_event_store_head_position", None)] >= 1
    assert ("shopnest_oldest_appending_transaction_seconds", None) in samples


def test_lag_shows_while_a_projection_is_held():
    with projection_locked("tickets"):
        mediator.send(open_ticket_command())
        assert _samples()[("shopnest_projection_lag_events", "tickets")] >= 1


def test_a_stalled_projection_is_one():
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO shopnest_projection_state (name, tx, position, status, "
                       "failures, last_error, updated_at) VALUES ('tickets', 0, 0, 'stalled', "
                       "10, 'x', now()) ON CONFLICT (name) DO UPDATE SET status = 'stalled'")
    assert _samples()[("shopnest_projection_stalled", "tickets")] == 1
