"""GET /api/v2/events/stream: the feed as server-sent events. Messages carry the cursor as
their id, a reconnect with Last-Event-ID resumes with no gap and no repeat, events appended
while a stream is open arrive on it, heartbeats keep it alive, it ends after its lifetime,
holds no database connection between polls, and a process serves only so many at once."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field

import pytest
from django.db import connection

from shopnest.eventstore.records import Position
from shopnest.feed import cursor as cursors
from shopnest.feed.slots import STREAMS
from shopnest.mediator import mediator
from tests.integration.api.conftest import Api, make_agent, new_ticket_body
from tests.integration.api.test_agents import make_admin
from tests.integration.mediator.tickets import open_ticket_command

from .conftest import read_feed

LIFETIME = 1.0


@dataclass
class Message:
    id: str | None = None
    event: str | None = None
    data: str | None = None
    retry: int | None = None
    comments: list[str] = field(default_factory=list)


def parse(stream: bytes) -> list[Message]:
    """Split a text/event-stream body into its messages (blank-line separated blocks)."""
    messages = []
    for block in stream.decode().split("\n\n"):
        if not block:
            continue
        message = Message()
        for line in block.split("\n"):
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "":
                message.comments.append(value)
            elif name == "retry":
                message.retry = int(value)
            else:
                setattr(message, name, value)
        messages.append(message)
    return messages


@pytest.fixture(autouse=True)
def stream_timing(settings):
    settings.SHOPNEST_FEED_STREAM_SECONDS = LIFETIME
    settings.SHOPNEST_FEED_HEARTBEAT_SECONDS = 0.2
    settings.SHOPNEST_FEED_POLL_SECONDS = 0.05
    settings.SHOPNEST_FEED_RETRY_MS = 500
    yield
    assert STREAMS.in_use() == 0, "every stream gave its slot back"


@pytest.fixture
def admin() -> Api:
    return Api(make_admin().key)


def read_stream(api: Api, params: dict | None = None, **headers
                ) -> tuple[int, list[Message], float]:
    started = time.monotonic()
    response = api.get("events/stream", params, HTTP_ACCEPT="text/event-stream", **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/event-stream")
    body = b"".join(response.streaming_content)
    response.close()
    return response.status_code, parse(body), time.monotonic() - started


def events_of(messages: list[Message]) -> list[dict]:
    return [json.loads(m.data) for m in messages if m.data is not None]


def last_id(messages: list[Message]) -> str:
    return [m.id for m in messages if m.id is not None][-1]


def test_a_stream_sends_each_event_with_its_cursor_and_type_then_ends(admin):
    admin.post("tickets", new_ticket_body())
    feed, _ = read_feed(admin, limit=100)

    _, messages, took = read_stream(admin)

    assert messages[0].retry == 500
    events = [m for m in messages if m.data is not None]
    assert [json.loads(m.data) for m in events] == feed
    assert all(m.event == json.loads(m.data)["type"] for m in events)
    # Each id is the cursor right after its event: resuming from it starts with the next.
    second = read_feed(admin, after=events[0].id, limit=1)[0]
    assert second[0]["event_id"] == json.loads(events[1].data)["event_id"]
    assert any("heartbeat" in c for m in messages for c in m.comments)
    assert LIFETIME <= took < LIFETIME + 2


def test_reconnecting_with_last_event_id_resumes_with_no_gap_and_no_repeat(admin):
    admin.post("tickets", new_ticket_body())
    _, first, _ = read_stream(admin)
    for _ in range(2):
        admin.post("tickets", new_ticket_body())

    _, second, _ = read_stream(admin, HTTP_LAST_EVENT_ID=last_id(first))

    resumed = events_of(first) + events_of(second)
    assert events_of(second)
    assert resumed == read_feed(admin, limit=100)[0]


def test_events_committed_while_a_stream_is_open_arrive_on_it(admin):
    _, before, _ = read_stream(admin)

    def write_later():
        try:
            time.sleep(0.3)
            mediator.send(open_ticket_command())
        finally:
            connection.close()

    writer = threading.Thread(target=write_later)
    writer.start()
    _, live, _ = read_stream(admin, HTTP_LAST_EVENT_ID=last_id(before))
    writer.join()

    assert "TicketCreated" in [e["type"] for e in events_of(live)]


def test_a_heartbeat_moves_the_last_event_id_past_what_the_caller_may_not_see(admin):
    agent = Api(make_agent().key)
    admin.post("tickets", new_ticket_body())
    # A non-admin sees no group: everything is stepped over, and the id still moves on.
    _, messages, _ = read_stream(agent, {"stream_type": "group"})

    assert events_of(messages) == []
    moved = [cursors.decode(m.id) for m in messages if m.id is not None]
    assert moved and moved[-1] > Position(0, 0)


def test_between_polls_a_stream_holds_no_database_connection(admin):
    admin.post("tickets", new_ticket_body())
    response = admin.get("events/stream", HTTP_ACCEPT="text/event-stream")
    chunks = iter(response.streaming_content)

    assert next(chunks).startswith(b"retry:")
    assert next(chunks).startswith(b"id:")  # an event, written after its poll
    assert connection.connection is None
    response.close()


def test_a_process_serves_only_so_many_streams_and_says_when_to_come_back(admin, settings):
    settings.SHOPNEST_FEED_STREAMS = 1
    settings.SHOPNEST_FEED_STREAM_SECONDS = 5.0
    first = admin.get("events/stream")
    assert first.status_code == 200

    refused = admin.get("events/stream")
    first.close()
    after_close = admin.get("events/stream")

    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 5
    assert after_close.status_code == 200
    after_close.close()


def test_a_stream_answers_bad_input_and_wrong_accept_in_json(admin):
    bad = admin.get("events/stream", HTTP_LAST_EVENT_ID="not-a-cursor",
                    HTTP_ACCEPT="text/event-stream")
    html = admin.get("events/stream", HTTP_ACCEPT="text/html")

    assert bad.status_code == 400 and bad["Content-Type"].startswith("application/json")
    assert bad.json()["errors"][0]["field"] == "Last-Event-ID"
    assert html.status_code == 406
    assert admin.client.head("/api/v2/events/stream", **admin._headers({})).status_code == 405
