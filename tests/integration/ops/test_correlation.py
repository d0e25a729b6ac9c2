"""A request's correlation id reaches its commands' events and the log line of the projection
batch that applied them; a client's id is adopted only when well-formed, else replaced."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from shopnest.eventstore import store
from shopnest.mediator import mediator
from shopnest.observability import correlation
from tests.integration.api.conftest import basic_auth, make_agent
from tests.integration.mediator.tickets import open_ticket_command


def _create_ticket(**headers: str):
    agent = make_agent()
    response = Client().post(
        "/api/v2/tickets", {"email": "corr@example.com", "subject": "Parcel?"},
        content_type="application/json", headers={"Authorization": basic_auth(agent.key),
                                                  **headers})
    assert response.status_code == 201, response.content
    return response, store.read_stream(f"ticket-{response.json()['id']}")


def _batch_lines(caplog, projection: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records
            if r.name == "shopnest.projections" and getattr(r, "projection", None) == projection]


def test_a_request_id_reaches_the_events_and_the_log_line_of_the_batch_that_applied_them(
        caplog):
    caplog.set_level(logging.INFO, logger="shopnest.projections")

    response, events = _create_ticket(**{"X-Request-ID": "shop-req.42"})

    assert response["X-Request-Id"] == "shop-req.42"
    assert response["X-Correlation-Id"] == "shop-req.42"
    assert {e.metadata["correlation_id"] for e in events} == {"shop-req.42"}
    assert {e.metadata["request_id"] for e in events} == {"shop-req.42"}
    batches = _batch_lines(caplog, "tickets")
    assert [b.events for b in batches] == [1]
    assert batches[0].correlation_ids == ["shop-req.42"]
    assert batches[0].duration_ms > 0


@pytest.mark.parametrize("sent", [
    "two words", 'quoted"id', "semi;colon", "line\nbreak", "ünïcode", "-leading-dash",
    "x" * 101, "",
])
def test_a_malformed_request_id_is_replaced_by_ours_and_never_echoed(sent):
    response, events = _create_ticket(**{"X-Request-ID": sent})

    ours = response["X-Request-Id"]
    assert ours != sent and len(ours) == 32 and correlation.well_formed(ours) == ours
    assert {e.metadata["request_id"] for e in events} == {ours}
    assert {e.metadata["correlation_id"] for e in events} == {ours}


def test_a_correlation_id_header_names_the_chain_and_the_request_keeps_its_own_id():
    response, events = _create_ticket(**{"X-Request-ID": "hop-2", "X-Correlation-ID": "order-7"})

    assert (response["X-Request-Id"], response["X-Correlation-Id"]) == ("hop-2", "order-7")
    assert {(e.metadata["request_id"], e.metadata["correlation_id"]) for e in events} == {
        ("hop-2", "order-7")}


def test_a_malformed_correlation_id_falls_back_to_the_request_id():
    response, events = _create_ticket(**{"X-Correlation-ID": "not ok"})

    assert response["X-Correlation-Id"] == response["X-Request-Id"] != "not ok"
    assert {e.metadata["correlation_id"] for e in events} == {response["X-Request-Id"]}


def test_every_answer_carries_its_ids_not_only_the_apis():
    response = Client().get("/healthz/live", headers={"X-Request-ID": "probe-1"})

    assert (response["X-Request-Id"], response["X-Correlation-Id"]) == ("probe-1", "probe-1")


def test_a_command_sent_without_a_context_takes_the_current_correlation_id():
    with correlation.bound("task-9"):
        outcome = mediator.send(open_ticket_command())
    alone = mediator.send(open_ticket_command())

    stream = next(s for s in outcome.versions if s.startswith("ticket-"))
    assert {e.metadata["correlation_id"] for e in store.read_stream(stream)} == {"task-9"}
    other = next(s for s in alone.versions if s.startswith("ticket-"))
    fresh = {e.metadata["correlation_id"] for e in store.read_stream(other)}
    assert len(fresh) == 1 and fresh != {"task-9"}
