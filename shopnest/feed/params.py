"""The feed's request parameters: `after` (or Last-Event-ID), `limit`, `stream_type`."""

from __future__ import annotations

from shopnest.api import params
from shopnest.api.errors import FieldError, field_error
from shopnest.api.integers import parse_integer
from shopnest.api.pagination import DEFAULT_PER_PAGE, MAX_PER_PAGE
from shopnest.feed import cursor, visibility
from shopnest.feed.reader import ReadEvents

DEFAULT_LIMIT = DEFAULT_PER_PAGE
MAX_LIMIT = MAX_PER_PAGE
ALLOWED = {"after", "limit", "stream_type"}
LAST_EVENT_ID = "Last-Event-ID"


def _position(text: str | None, field: str):
    try:
        return cursor.decode(text)
    except cursor.InvalidCursor:
        raise FieldError([field_error(field, "It should be a cursor this feed returned",
                                      "invalid_value")]) from None


def _limit(query_params) -> int:
    raw = query_params.get("limit")
    if raw is None or raw == "":
        return DEFAULT_LIMIT
    number = parse_integer(raw)
    if number is None or not 1 <= number <= MAX_LIMIT:
        raise FieldError([field_error(
            "limit", f"It should be a Positive Integer less than or equal to {MAX_LIMIT}",
            "invalid_value")])
    return number


def feed_query(query_params, last_event_id: str | None = None) -> ReadEvents:
    """Validate the parameters (the last value wins when one repeats) into the query; a
    Last-Event-ID header, sent by a reconnecting SSE client, wins over `after`."""
    params.refuse_unknown_params(query_params, ALLOWED)
    if last_event_id is not None and last_event_id.strip():
        after = _position(last_event_id.strip(), LAST_EVENT_ID)
    else:
        after = _position(query_params.get("after"), "after")
    stream_type = params.choice_param(query_params, "stream_type", visibility.stream_types())
    return ReadEvents(after=after, limit=_limit(query_params), stream_type=stream_type)
