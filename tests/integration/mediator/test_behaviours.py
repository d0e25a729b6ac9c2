"""What the pipeline adds around every handler: logging with the correlation id, timings,
and the request's ids carried into the stored events."""

from __future__ import annotations

import logging

from shopnest.eventstore import store
from shopnest.mediator import mediator, timings
from tickets.domain.errors import ValidationFailed

from .tickets import agent, open_ticket_command


def test_a_refused_command_is_logged_with_its_correlation_id(caplog):
    caplog.set_level(logging.INFO, logger="shopnest.mediator")
    refused = open_ticket_command(status=99)

    try:
        mediator.send(refused, agent(5, correlation_id="corr-77"))
    except ValidationFailed:
        pass

    assert any("CreateTicket failed" in r.getMessage() and "corr-77" in r.getMessage()
               for r in caplog.records)


def test_every_handled_command_is_timed():
    before = timings.summary().get("CreateTicket", {}).get("count", 0)

    mediator.send(open_ticket_command(), agent(5))

    assert timings.summary()["CreateTicket"]["count"] == before + 1


def test_the_events_of_an_api_call_carry_its_request_and_correlation_ids(client):
    from django.core.management import call_command

    call_command("createagent", email="ids@shopnest.example", name="Ids Agent", api_key="ids-key")
    response = client.post("/api/v2/tickets", {"email": "ids@example.com", "subject": "Hello"},
                           content_type="application/json", HTTP_X_REQUEST_ID="req-123",
                           HTTP_AUTHORIZATION="Basic aWRzLWtleTpY")

    assert response["X-Request-Id"] == "req-123"
    events = store.read_stream(f"ticket-{response.json()['id']}")
    assert events[0].metadata["request_id"] == "req-123"
    assert events[0].metadata["correlation_id"] == "req-123"
    assert events[0].metadata["via"] == "api"
