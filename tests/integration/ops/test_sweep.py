"""Beat's sweep keeps every other projection moving while one of them fails."""

from __future__ import annotations

import time

from django.db import connection

from shopnest.projections import registry
from shopnest.projections.tasks import sweep_projections

from .health import (
    append_probe_event,
    open_ticket_without_projecting,
    register_failing_probe,
    unregister,
)


def _ticket_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM tickets_ticket_view")
        return cursor.fetchone()[0]


def test_a_failing_projection_does_not_stop_the_sweep_of_the_others(settings):
    # The probe fails on every sweep here (it is never stalled and skipped).
    settings.SHOPNEST_PROJECTION_MAX_FAILURES = 1000
    # Registered first-to-last: the probe is swept after the real ones; move it to the front.
    probe = register_failing_probe()
    others = {name: p for name, p in registry._projections.items() if name != probe.name}
    registry._projections.clear()
    registry._projections.update({probe.name: probe, **others})
    try:
        append_probe_event()
        open_ticket_without_projecting()

        sweep_projections()
        # A loaded shared server may hold a reader's horizon back: sweep again, as beat does.
        deadline = time.monotonic() + 15
        while _ticket_rows() == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
            sweep_projections()

        assert _ticket_rows() == 1
    finally:
        unregister(probe)
        registry._projections.clear()
        registry._projections.update(others)
