"""/metrics shows, in Prometheus' text format, the commands, appends and projection batches
counted by the processes and the projections' health read from the database at scrape time."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from shopnest.domain.errors import PreconditionFailed
from shopnest.eventstore import store
from shopnest.mediator import Mediator, MessageContext, mediator
from shopnest.mediator.behaviours import COMMAND_BEHAVIOURS
from shopnest.messages import Command
from shopnest.projections import registry, runner
from tests.integration.mediator.test_read_your_writes import projection_locked
from tests.integration.mediator.tickets import agent, open_ticket, open_ticket_command, update
from tickets.domain.errors import ValidationFailed

from .scrape import Samples, families, parse, value


def _scrape() -> str:
    response = Client().get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def _samples() -> Samples:
    return parse(_scrape())


def _projection(samples: Samples, name: str, projection: str) -> float:
    return samples[(name, frozenset({("projection", projection)}))]


def test_metrics_name_every_projection_and_the_store_head():
    mediator.send(open_ticket_command())
    samples = _samples()

    for name in ("tickets", "contacts", "accounts", "companies", "groups"):
        assert _projection(samples, "shopnest_projection_lag_events", name) >= 0
        assert _projection(samples, "shopnest_projection_stalled", name) == 0
    assert _projection(samples, "shopnest_projection_heartbeat_age_seconds", "tickets") >= 0
    assert value(samples, "shopnest_event_store_head_position") >= 1
    assert ("shopnest_oldest_appending_transaction_seconds", frozenset()) in samples


def test_lag_shows_while_a_projection_is_held():
    with projection_locked("tickets"):
        mediator.send(open_ticket_command())
        samples = _samples()
        assert _projection(samples, "shopnest_projection_lag_events", "tickets") >= 1
        assert _projection(samples, "shopnest_projection_lag_seconds", "tickets") >= 0


def test_a_stalled_projection_is_one():
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO shopnest_projection_state (name, tx, position, status, "
                       "failures, last_error, updated_at) VALUES ('tickets', 0, 0, 'stalled', "
                       "10, 'x', now()) ON CONFLICT (name) DO UPDATE SET status = 'stalled'")
    assert _projection(_samples(), "shopnest_projection_stalled", "tickets") == 1


def test_every_family_is_exposed_with_its_prometheus_type():
    open_ticket()
    exposed = families(_scrape())

    assert exposed["shopnest_commands"] == "counter"
    assert exposed["shopnest_command_duration_seconds"] == "histogram"
    assert exposed["shopnest_events_appended"] == "counter"
    assert exposed["shopnest_projection_batch_events"] == "histogram"
    assert exposed["shopnest_projection_batch_duration_seconds"] == "histogram"
    for gauge in ("shopnest_projection_lag_events", "shopnest_projection_lag_seconds",
                  "shopnest_projection_heartbeat_age_seconds", "shopnest_projection_stalled",
                  "shopnest_oldest_appending_transaction_seconds"):
        assert exposed[gauge] == "gauge", gauge


def _commands(samples: Samples, outcome: str, kind: str = "", command: str = "CreateTicket"):
    return value(samples, "shopnest_commands_total", command=command, outcome=outcome, kind=kind)


def test_commands_are_counted_by_type_and_outcome_and_timed():
    ctx = agent()
    before = _samples()

    ticket = open_ticket(ctx)
    open_ticket(ctx)
    with pytest.raises(ValidationFailed):
        mediator.send(open_ticket_command(status=99), ctx)
    update(ticket, ctx, priority=2)
    with pytest.raises(PreconditionFailed):
        update(ticket, ctx, expected_version=1, priority=3)
    after = _samples()

    assert _commands(after, "accepted") - _commands(before, "accepted") == 2
    assert _commands(after, "refused", "validation") - _commands(
        before, "refused", "validation") == 1
    assert _commands(after, "conflict", "precondition_failed", "UpdateTicket") - _commands(
        before, "conflict", "precondition_failed", "UpdateTicket") == 1
    timed = {"command": "CreateTicket"}
    count = "shopnest_command_duration_seconds_count"
    assert value(after, count, **timed) - value(before, count, **timed) == 3
    assert value(after, "shopnest_command_duration_seconds_sum", **timed) > value(
        before, "shopnest_command_duration_seconds_sum", **timed)
    slowest = {**timed, "le": "+Inf"}
    assert value(after, "shopnest_command_duration_seconds_bucket", **slowest) == value(
        after, count, **timed)


class Explode(Command):
    pass


def test_a_command_whose_handler_breaks_counts_as_an_error():
    broken = Mediator()
    broken.command_behaviours = list(COMMAND_BEHAVIOURS)
    broken.register_command(Explode, lambda command, ctx: 1 / 0)
    before = _commands(_samples(), "error", command="Explode")

    with pytest.raises(ZeroDivisionError):
        broken.send(Explode(), MessageContext())

    assert _commands(_samples(), "error", command="Explode") - before == 1


def test_committed_events_are_counted_by_stream_type():
    ctx = agent()
    before = value(_samples(), "shopnest_events_appended_total", stream_type="ticket")

    ticket = open_ticket(ctx)
    update(ticket, ctx, priority=3)
    with pytest.raises(PreconditionFailed):
        update(ticket, ctx, expected_version=1, priority=4)

    after = value(_samples(), "shopnest_events_appended_total", stream_type="ticket")
    assert after - before == store.stream_version(f"ticket-{ticket}") == 2


def test_a_projection_batch_is_observed_by_size_and_duration():
    tickets = registry.get("tickets")
    runner.run_until_caught_up(tickets)
    labels = {"projection": "tickets"}
    before = _samples()

    with projection_locked("tickets"):
        ctx = agent()
        for _ in range(3):
            open_ticket(ctx)
    assert runner.run_until_caught_up(tickets) == 3
    after = _samples()

    count, total = "shopnest_projection_batch_events_count", "shopnest_projection_batch_events_sum"
    assert value(after, count, **labels) - value(before, count, **labels) == 1
    assert value(after, total, **labels) - value(before, total, **labels) == 3
    seconds = "shopnest_projection_batch_duration_seconds_count"
    assert value(after, seconds, **labels) - value(before, seconds, **labels) == 1
    assert value(after, "shopnest_projection_batch_duration_seconds_sum", **labels) > value(
        before, "shopnest_projection_batch_duration_seconds_sum", **labels)


def test_a_replayed_idempotent_command_counts_as_accepted_and_replayed():
    command = open_ticket_command()
    before = _samples()

    first = mediator.send(command, agent(7, idempotency_key="metrics-once"))
    again = mediator.send(command, agent(7, idempotency_key="metrics-once"))
    after = _samples()

    assert again.replayed and again.result == first.result
    assert _commands(after, "accepted") - _commands(before, "accepted") == 1
    assert _commands(after, "accepted", "replayed") - _commands(
        before, "accepted", "replayed") == 1
