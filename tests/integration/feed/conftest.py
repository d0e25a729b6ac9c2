"""Fixtures of the change-feed tests: a stream type of the tests' own shown to everyone,
and helpers that read the whole feed, page by page, as a client does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection

from shopnest.eventstore.records import ORIGIN, Position
from shopnest.feed import reader, visibility

# The event store helpers (tests/integration/eventstore/helpers.py) write streams of this type.
TEST_STREAMS = "test"


class ShowAllFeed:
    def viewer(self, ctx):
        return visibility.SHOW_ALL


@pytest.fixture
def test_streams_shown() -> Iterator[dict]:
    """The viewers of a caller who sees every event of the tests' streams."""
    visibility.register(TEST_STREAMS, ShowAllFeed())
    yield {TEST_STREAMS: visibility.SHOW_ALL}
    visibility.unregister(TEST_STREAMS)


def page_through(viewers, after: Position = ORIGIN, limit: int = 3, max_pages: int = 10_000
                 ) -> tuple[list, Position, int]:
    """Read pages until one says nothing more follows now; return the events, the last
    cursor and how many pages it took."""
    events, cursor = [], after
    for pages in range(1, max_pages + 1):
        page = reader.read_page(viewers, cursor, limit)
        assert page.cursor >= cursor, "a cursor never moves back"
        events += page.events
        cursor = page.cursor
        if not page.more:
            return events, cursor, pages
    raise AssertionError("the feed never said it was caught up")


def stored_log(stream_types: tuple[str, ...]) -> list[tuple[str, int]]:
    """Every committed event of those stream types in commit-safe order: (event id, tx)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.event_id::text, e.tx::text::bigint FROM es_events e "
            "JOIN es_streams s USING (stream_id) WHERE s.stream_type = ANY(%s) "
            "ORDER BY e.tx, e.position", [list(stream_types)])
        return cursor.fetchall()


def next_url(response) -> str | None:
    """The URL of `Link: <…>; rel="next"`, if the answer has one."""
    link = response.get("Link")
    if not link:
        return None
    url, _, rel = link.partition(";")
    assert rel.strip() == 'rel="next"', link
    return url.strip().removeprefix("<").removesuffix(">")


def read_feed(api, limit: int = 4, max_pages: int = 1000, **params) -> tuple[list[dict], str]:
    """Read GET /events from the start (or `after`) as a client does: follow Link while it
    is there; return the events and the last cursor."""
    events: list[dict] = []
    response = api.get("events", {"limit": limit, **params})
    for _ in range(max_pages):
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) == {"events", "cursor"}
        assert len(body["events"]) <= limit
        events += body["events"]
        url = next_url(response)
        if url is None:
            return events, body["cursor"]
        assert f"after={body['cursor']}" in url
        response = api.get(url)
    raise AssertionError("the feed never ended its Link chain")
