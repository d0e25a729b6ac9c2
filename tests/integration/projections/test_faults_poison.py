"""A poison event (one event a handler cannot apply) stalls its projection at that event,
visibly: the event (stream, version, tx:position) and the error are on /healthz, /metrics
and the admin's projections page. Every other projection goes on. Once the handler is fixed,
`resume` (the admin action or `manage.py projections resume`) applies it and everything after
it; nothing is skipped."""

from __future__ import annotations

import io
import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from people.registration import catch_up_to
from shopnest.eventstore import store
from shopnest.eventstore.records import NewEvent, RecordedEvent, StreamAppend
from shopnest.mediator import mediator
from shopnest.projections import kick, registry, runner, tasks
from shopnest.projections.partitions import partitions_of
from tests.integration.admin.helpers import logged_in, make_agent, table_rows
from tests.integration.eventstore.helpers import stream_name
from tests.integration.mediator.tickets import agent, open_ticket, open_ticket_command
from tickets.models import TicketView

from .ledger import (
    BalanceSet,
    Ledger,
    append_balances,
    deliveries,
    projection_state,
    wait_until_readable,
)

PROJECTIONS_PAGE = "/admin/shopnest/projectionstate/"
POISON = 13


class PoisonedLedger(Ledger):
    """A handler with a bug: it cannot hold a balance of 13 (until `fixed`)."""

    fixed = False

    def balance_set(self, event: BalanceSet, record: RecordedEvent) -> dict:
        if event.balance == POISON and not self.fixed:
            raise ValueError(f"the ledger cannot hold {POISON}")
        return super().balance_set(event, record)


@pytest.fixture
def poisoned(ledger, settings):
    """The poisoned ledger, registered first: the sweep meets it before every other one."""
    settings.SHOPNEST_PROJECTION_MAX_FAILURES = 3
    projection = PoisonedLedger(ledger.name)
    others = dict(registry._projections)
    registry._projections.clear()
    registry._projections.update({projection.name: projection, **others})
    yield projection
    registry._projections.clear()
    registry._projections.update(others)


def _resume_from_the_admin(name: str) -> None:
    boss = logged_in(make_agent("Rea Resumer", admin=True))
    response = boss.post(PROJECTIONS_PAGE, {"action": "resume", "_selected_action": [name],
                                            "index": 0}, follow=True)
    assert "Stalled projections resumed" in response.content.decode()


def _resume_from_the_command_line(name: str) -> None:
    out = io.StringIO()
    call_command("projections", "resume", name, stdout=out)
    assert f"{name}: resumed" in out.getvalue()


def _healthz_entry(name: str) -> tuple[int, dict]:
    response = Client().get("/healthz")
    body = json.loads(response.content)
    return response.status_code, next(p for p in body["projections"] if p["name"] == name)


@pytest.mark.parametrize("resume", [_resume_from_the_admin, _resume_from_the_command_line],
                         ids=["admin action", "manage.py"])
def test_a_poison_event_stalls_its_projection_at_that_event_visibly_and_resume_applies_it(
        poisoned, resume):
    context = agent()  # registered (and projected) before anything is poisoned
    good, bad, later = stream_name("good"), stream_name("bad"), stream_name("later")
    append_balances(good, 1, 2)
    (poison,) = append_balances(bad, POISON)
    append_balances(later, 4)
    # The ticket's own kick is swallowed (a run already pending): only the sweep projects it.
    for partition in partitions_of(registry.get("tickets")):
        cache.set(kick.pending_key(partition), 1, 300)
    ticket_id = open_ticket(context)

    tasks.sweep_projections()
    # The sweep went past the failing projection: the ticket is projected.
    assert TicketView.objects.filter(id=ticket_id).exists()
    tasks.sweep_projections()
    tasks.sweep_projections()

    at = f"{bad} v1 at {poison.last}"
    state = projection_state(poisoned.name)
    assert (state["status"], state["failures"]) == ("stalled", 3)
    assert state["last_error"] == f"ValueError: the ledger cannot hold {POISON}"
    assert deliveries() == []

    status, entry = _healthz_entry(poisoned.name)
    assert status == 503
    assert (entry["status"], entry["ok"], entry["failed_event"]) == ("stalled", False, at)
    assert entry["last_error"] == state["last_error"]
    metrics = Client().get("/metrics").content.decode()
    assert f'shopnest_projection_stalled{{projection="{poisoned.name}"}} 1.0' in metrics
    assert (f'shopnest_projection_failure_info{{error="ValueError: the ledger cannot hold '
            f'{POISON}",failed_event="{at}",projection="{poisoned.name}"}} 1.0') in metrics
    boss = logged_in(make_agent("Bea Boss", admin=True))
    row = {r["name"]: r for r in table_rows(boss.get(PROJECTIONS_PAGE).content.decode())}
    assert (row[poisoned.name]["status"], row[poisoned.name]["failed_event"]) == ("Stalled", at)
    assert row[poisoned.name]["last_error"] == state["last_error"]
    out = io.StringIO()
    call_command("projections", "status", stdout=out)
    assert f"(at {at})" in out.getvalue()

    tasks.sweep_projections()  # stalled: no retry until a person resumes it
    assert projection_state(poisoned.name)["failures"] == 3 and deliveries() == []
    poisoned.fixed = True
    tasks.sweep_projections()  # a fixed handler is not enough: it waits for the resume
    assert deliveries() == []

    resume(poisoned.name)
    tasks.sweep_projections()

    assert deliveries() == [(good, 1), (good, 2), (bad, 1), (later, 1)]
    state = projection_state(poisoned.name)
    assert (state["status"], state["failures"], state["last_error"]) == ("running", 0, "")
    status, entry = _healthz_entry(poisoned.name)
    assert (status, entry["failed_event"]) == (200, "")
    assert "shopnest_projection_failure_info{" not in Client().get("/metrics").content.decode()


NEWER_RELEASE = NewEvent("NoteAdded", {"conversation_id": 1, "body": "b", "body_text": "b",
                                        "user_id": None, "at": "2024-05-01T09:00:00Z"},
                         schema_version=99)
MISSING_NOTE = NewEvent("NoteEdited", {"conversation_id": 404, "body": "b", "body_text": "b",
                                       "at": "2024-05-01T09:00:00Z"})


@pytest.mark.parametrize(("poison", "error"), [
    (NEWER_RELEASE, "UnknownEventType: NoteAdded v99 was written by a newer release"),
    (MISSING_NOTE, "KeyError: 404"),
], ids=["undecodable (a newer release's schema)", "unfoldable (an edit of no note)"])
def test_a_poison_event_in_a_ticket_stalls_the_tickets_projection_at_that_event(
        settings, poison, error):
    """The tickets projection (an aggregate projection: it decodes, then folds each stream
    with the domain's evolve) names the event either step failed on."""
    settings.SHOPNEST_PROJECTION_MAX_FAILURES = 1
    context = agent()
    ticket_id = open_ticket(context)
    # As a newer release or a buggy handler would have appended it.
    with transaction.atomic():
        (appended,) = store.append(
            [StreamAppend(f"ticket-{ticket_id}", "ticket", 1, (poison,))], {})
    wait_until_readable(appended.last)

    with pytest.raises(Exception) as failed:
        runner.run_until_caught_up(registry.get("tickets"))

    assert f"{type(failed.value).__name__}: {failed.value}".startswith(error)
    state = projection_state("tickets")
    assert state["status"] == "stalled" and state["last_error"].startswith(error)
    _, entry = _healthz_entry("tickets")
    assert entry["failed_event"] == f"ticket-{ticket_id} v2 at {appended.last}"
    # A new ticket with a new requester: the contacts projection goes on, tickets waits.
    later = mediator.send(open_ticket_command(), context)
    catch_up_to(("contacts",), later.token, timeout=10)
    assert not TicketView.objects.filter(id=later.result["ticket"]["id"]).exists()
