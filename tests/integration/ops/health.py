"""Helpers of the /healthz tests: the endpoint's answer, events written without running
projections, and a registered probe projection whose handler always fails."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import ClassVar

from django.db import transaction
from django.test import Client

from shopnest.domain.events import DomainEvent
from shopnest.eventstore import store
from shopnest.eventstore.records import ORIGIN, NewEvent, RecordedEvent, StreamAppend
from shopnest.mediator import MessageContext, mediator
from shopnest.projections import registry
from shopnest.projections.base import Projection, handles
from shopnest.projections.tasks import sweep_projections
from tickets.domain.commands import CreateTicket

PROBE_EVENT = "HealthProbeRecorded"


@dataclass(frozen=True)
class HealthProbeRecorded(DomainEvent):
    TYPE: ClassVar[str] = PROBE_EVENT


def healthz():
    """GET /healthz without credentials; return (status code, body)."""
    response = Client().get("/healthz")
    return response.status_code, response.json()


def by_name(body: dict) -> dict[str, dict]:
    return {entry["name"]: entry for entry in body["projections"]}


def open_ticket_without_projecting(subject: str = "Where is my order?") -> list[str]:
    """Decide a real CreateTicket and append its events in a transaction of our own: unlike
    the mediator's commit, nothing kicks the projections. Return the appended event types."""
    ctx = MessageContext(actor_id=1, actor_type="agent", via="api")
    command = CreateTicket(fields={"email": f"c-{uuid.uuid4().hex[:8]}@example.com",
                                   "subject": subject, "description": "<p>Not arrived.</p>"})
    decision = mediator.commands.handler_for(CreateTicket)(command, ctx)
    with transaction.atomic():
        store.append(decision.appends, ctx.metadata())
    return [event.type for append in decision.appends for event in append.events]


def sweep_until_caught_up(timeout: float = 15.0) -> dict:
    """Run beat's sweep until /healthz shows no lag; a transaction open elsewhere on the
    shared PostgreSQL server can hold the projections' read horizon back for a while."""
    deadline = time.monotonic() + timeout
    while True:
        sweep_projections()
        status, body = healthz()
        if all(p["lag_events"] == 0 for p in body["projections"]):
            return body
        assert time.monotonic() < deadline, f"projections never caught up: {body}"
        time.sleep(0.1)


class FailingProbe(Projection):
    """A projection whose handler always raises, as a broken handler in production would."""

    name = "health-probe"

    @handles(HealthProbeRecorded)
    def probe_recorded(self, event: HealthProbeRecorded, record: RecordedEvent) -> None:
        raise RuntimeError("the probe handler broke")


def register_failing_probe() -> FailingProbe:
    probe = FailingProbe()
    registry.register(probe)
    return probe


def unregister(projection: Projection) -> None:
    registry._projections.pop(projection.name, None)


def append_probe_event(timeout: float = 15.0) -> None:
    """Append one probe event and wait until commit-safe readers can see it."""
    with transaction.atomic():
        store.append([StreamAppend(f"probe-{uuid.uuid4().hex[:8]}", "probe", 0,
                                   (NewEvent(PROBE_EVENT, HealthProbeRecorded(at="2024-05-01T09:00:00Z").to_data()),))], {})
    deadline = time.monotonic() + timeout
    while not store.read_after(ORIGIN, 1, (PROBE_EVENT,)):
        assert time.monotonic() < deadline, "the probe event never became visible"
        time.sleep(0.05)
