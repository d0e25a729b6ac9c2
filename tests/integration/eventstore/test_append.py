"""Appending to streams: versions, the expected-version check, multi-stream atomicity."""

from __future__ import annotations

import pytest

from shopnest.eventstore import store
from shopnest.eventstore.errors import ConcurrencyError
from shopnest.eventstore.records import ORIGIN

from .helpers import (
    append,
    append_many,
    event_count,
    new_event,
    stream_append,
    stream_count,
    stream_name,
    wait_until_visible,
)


def test_events_appended_to_a_new_stream_are_read_back_in_order():
    stream = stream_name()
    result = append(stream, 0, new_event("Opened", n=1), new_event("Noted", n=2))

    events = store.read_stream(stream)

    assert [(e.type, e.version, e.data) for e in events] == [
        ("Opened", 1, {"n": 1}),
        ("Noted", 2, {"n": 2}),
    ]
    assert result.version == 2 and result.duplicate is False
    assert result.first == events[0].token and result.last == events[1].token
    assert store.stream_version(stream) == 2


def test_metadata_is_stored_with_every_event_of_the_append():
    stream = stream_name()
    append_many([stream_append(stream, 0, new_event(), new_event())])

    assert [e.metadata for e in store.read_stream(stream)] == [{"actor_id": None}] * 2


def test_versions_increase_by_one_per_event_across_appends():
    stream = stream_name()
    append(stream, 0, new_event())
    append(stream, 1, new_event(), new_event())
    append(stream, None, new_event())

    assert [e.version for e in store.read_stream(stream)] == [1, 2, 3, 4]
    assert [e.version for e in store.read_stream(stream, after_version=2)] == [3, 4]


def test_positions_and_tokens_increase_with_each_committed_append():
    stream = stream_name()
    first = append(stream, 0, new_event())
    second = append(stream, 1, new_event())

    assert second.first.position > first.last.position
    assert second.last > first.last
    wait_until_visible(second.last)
    assert [e.token for e in store.read_after(ORIGIN, 10)] == [first.last, second.last]


def test_an_expected_version_mismatch_raises_and_appends_nothing():
    stream = stream_name()
    append(stream, 0, new_event(), new_event())

    with pytest.raises(ConcurrencyError) as raised:
        append(stream, 1, new_event("Late"))

    assert (raised.value.stream_id, raised.value.expected, raised.value.actual) == (stream, 1, 2)
    assert [e.type for e in store.read_stream(stream)] == ["Happened", "Happened"]
    assert store.stream_version(stream) == 2


def test_expecting_a_new_stream_conflicts_when_the_stream_exists():
    stream = stream_name()
    append(stream, 0, new_event())

    with pytest.raises(ConcurrencyError) as raised:
        append(stream, 0, new_event("Again"))

    assert raised.value.actual == 1
    assert event_count() == 1


def test_expecting_an_existing_version_of_a_missing_stream_conflicts():
    stream = stream_name()

    with pytest.raises(ConcurrencyError) as raised:
        append(stream, 3, new_event())

    assert raised.value.actual == 0
    assert stream_count() == 0 and event_count() == 0


def test_a_multi_stream_append_writes_every_stream_in_one_transaction():
    existing, fresh = stream_name("a"), stream_name("b")
    append(existing, 0, new_event())

    results = append_many(
        [stream_append(existing, 1, new_event()), stream_append(fresh, 0, new_event())]
    )

    assert {r.stream_id: r.version for r in results} == {existing: 2, fresh: 1}
    assert len({r.last.tx for r in results}) == 1


def test_a_multi_stream_append_with_one_stale_stream_writes_nothing_anywhere():
    existing, fresh, stale = stream_name("a"), stream_name("b"), stream_name("c")
    append(existing, 0, new_event())
    append(stale, 0, new_event(), new_event())
    before = event_count()

    with pytest.raises(ConcurrencyError) as raised:
        append_many(
            [
                stream_append(existing, 1, new_event()),
                stream_append(fresh, 0, new_event()),
                stream_append(stale, 1, new_event()),
            ]
        )

    assert raised.value.stream_id == stale
    assert event_count() == before
    assert store.stream_version(existing) == 1
    assert store.stream_version(fresh) == 0
    assert store.stream_version(stale) == 2
