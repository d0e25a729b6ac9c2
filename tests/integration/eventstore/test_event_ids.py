"""Event ids make an append idempotent: a retry is recognised, a reuse is refused."""

from __future__ import annotations

import pytest

from shopnest.eventstore import store
from shopnest.eventstore.errors import DuplicateEventIdError

from .helpers import append, event_count, new_event, stream_name


def test_retrying_an_append_with_the_same_event_ids_returns_the_original_positions():
    stream = stream_name()
    events = (new_event("Opened"), new_event("Noted"))
    original = append(stream, 0, *events)

    retry = append(stream, 0, *events)

    assert retry.duplicate is True
    assert (retry.version, retry.first, retry.last) == (
        original.version,
        original.first,
        original.last,
    )
    assert event_count() == 2
    assert store.stream_version(stream) == 2


def test_a_retry_is_recognised_even_after_the_stream_moved_on():
    stream = stream_name()
    first = (new_event("Opened"),)
    original = append(stream, 0, *first)
    append(stream, 1, new_event("Later"))

    retry = append(stream, 0, *first)

    assert retry.duplicate is True and retry.last == original.last
    assert [e.type for e in store.read_stream(stream)] == ["Opened", "Later"]


def test_reusing_an_event_id_on_another_stream_is_refused():
    used = new_event()
    append(stream_name("a"), 0, used)
    other = stream_name("b")

    with pytest.raises(DuplicateEventIdError):
        append(other, 0, used)

    assert store.stream_version(other) == 0
    assert event_count() == 1


def test_reusing_an_event_id_after_a_fresh_one_is_refused_as_a_duplicate_id():
    used = new_event()
    append(stream_name("a"), 0, used)
    other = stream_name("b")

    with pytest.raises(DuplicateEventIdError):
        append(other, 0, new_event(), used)

    assert store.stream_version(other) == 0
    assert event_count() == 1


def test_a_retry_that_mixes_stored_and_new_event_ids_is_refused():
    stream = stream_name()
    stored = new_event()
    append(stream, 0, stored, new_event())

    with pytest.raises(DuplicateEventIdError):
        append(stream, None, stored, new_event())

    assert event_count() == 2
