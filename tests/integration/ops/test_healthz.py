"""GET /healthz: 200 only while the database and the broker answer and every projection loop
is alive and not stalled; lag is reported per projection (and alone is not a failure)."""

from __future__ import annotations

import time

import pytest

from shopnest.projections import registry, runner
from shopnest.projections.tasks import sweep_projections

from .health import (
    append_probe_event,
    by_name,
    healthz,
    open_ticket_without_projecting,
    register_failing_probe,
    sweep_until_caught_up,
    unregister,
)


@pytest.fixture
def failing_probe():
    probe = register_failing_probe()
    yield probe
    unregister(probe)


def _registered() -> set[str]:
    return {p.name for p in registry.all_projections()}


def test_healthz_answers_200_without_credentials_once_the_sweep_has_run():
    sweep_projections()

    status, body = healthz()

    assert status == 200, body
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True and body["broker"]["ok"] is True
    projections = by_name(body)
    assert set(projections) == _registered() >= {"accounts", "tickets", "contacts"}
    for entry in projections.values():
        assert entry["ok"] is True and entry["status"] == "running", entry
        assert 0 <= entry["heartbeat_age_seconds"] < 5, entry
        assert (entry["lag_events"], entry["lag_seconds"]) == (0, 0), entry


def test_healthz_is_503_while_no_projection_loop_has_ever_beaten():
    status, body = healthz()

    assert status == 503, body
    assert body["status"] == "unhealthy"
    assert body["database"]["ok"] is True and body["broker"]["ok"] is True
    projections = by_name(body)
    assert set(projections) == _registered()
    assert all(p["heartbeat_age_seconds"] is None and p["ok"] is False
               for p in projections.values()), projections


def test_healthz_turns_503_when_the_last_heartbeat_is_older_than_the_limit(settings):
    settings.SHOPNEST_MAX_HEARTBEAT_AGE = 1.0
    sweep_projections()
    assert healthz()[0] == 200

    time.sleep(1.3)  # no sweep meanwhile: the loop is dead
    status, body = healthz()

    assert status == 503, body
    for entry in body["projections"]:
        assert entry["heartbeat_age_seconds"] > 1.0 and entry["ok"] is False, entry


def test_healthz_is_503_when_a_projection_has_stalled(settings, failing_probe):
    settings.SHOPNEST_PROJECTION_MAX_FAILURES = 2
    append_probe_event()
    for _ in range(2):
        with pytest.raises(RuntimeError, match="the probe handler broke"):
            runner.run_batch(failing_probe)
    sweep_projections()  # the loop is alive and beats for every projection, stalled or not

    status, body = healthz()

    assert status == 503, body
    projections = by_name(body)
    probe = projections.pop(failing_probe.name)
    assert (probe["status"], probe["ok"], probe["failures"]) == ("stalled", False, 2), probe
    assert "the probe handler broke" in probe["last_error"]
    assert probe["heartbeat_age_seconds"] is not None and probe["lag_events"] == 1, probe
    assert all(entry["ok"] for entry in projections.values()), projections


def test_healthz_is_503_when_the_broker_is_unreachable(settings):
    sweep_projections()
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    status, body = healthz()

    assert status == 503, body
    assert body["broker"]["ok"] is False and body["broker"]["error"], body["broker"]
    assert body["database"]["ok"] is True
    assert all(entry["ok"] for entry in body["projections"]), body["projections"]


def test_lag_counts_the_events_each_projection_has_not_applied_yet():
    sweep_projections()
    appended = open_ticket_without_projecting() + open_ticket_without_projecting()
    time.sleep(0.2)

    status, body = healthz()

    assert status == 200, body  # behind but alive: lag alone is not a failure
    for name, entry in by_name(body).items():
        handled = registry.get(name).event_types
        expected = sum(1 for event_type in appended if event_type in handled)
        assert entry["lag_events"] == expected, (name, appended, entry)
        if expected:
            assert entry["lag_seconds"] >= 0.2, entry
        else:
            assert entry["lag_seconds"] == 0, entry
    assert by_name(body)["tickets"]["lag_events"] >= 2


def test_lag_returns_to_zero_once_the_sweep_has_projected_the_events():
    sweep_projections()
    open_ticket_without_projecting()
    assert by_name(healthz()[1])["tickets"]["lag_events"] > 0

    body = sweep_until_caught_up()

    assert all((p["lag_events"], p["lag_seconds"]) == (0, 0) for p in body["projections"])
    assert by_name(body)["tickets"]["checkpoint"] != "0:0"
