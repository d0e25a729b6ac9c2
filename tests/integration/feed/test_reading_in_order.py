"""The feed's reader over the real store: paging with small limits gives the whole log in
commit-safe order with no gap and no repeat, whatever is appended meanwhile and however long
an appender stays open; a caller who may see little still moves on; "not yet" holds a page
back without losing the event."""

from __future__ import annotations

import pytest

from shopnest.eventstore.horizon import appenders_horizon
from shopnest.eventstore.records import ORIGIN
from shopnest.feed import reader
from shopnest.feed.visibility import HIDE, WAIT, Show
from tests.integration.eventstore.helpers import (
    append,
    append_many,
    new_event,
    open_append,
    stream_append,
    stream_name,
)

from .conftest import TEST_STREAMS, page_through, stored_log


def _ids(events) -> list[str]:
    return [str(e.record.event_id) for e in events]


def _log() -> list[str]:
    return [event_id for event_id, _ in stored_log((TEST_STREAMS,))]


def _fill(streams: int = 4, rounds: int = 5) -> None:
    """Events in many transactions, some holding several streams' events at once."""
    names = [stream_name() for _ in range(streams)]
    for n in range(rounds):
        for name in names:
            append(name, None, new_event(n=n), new_event(n=n, second=True))
        append_many([stream_append(name, None, new_event(n=n, together=True)) for name in names])


def test_paging_with_small_limits_gives_the_whole_log_in_order(test_streams_shown):
    _fill()

    events, cursor, pages = page_through(test_streams_shown, limit=3)

    assert _ids(events) == _log()
    assert len(events) == 4 * 5 * 3
    assert pages >= len(events) // 3
    assert cursor >= events[-1].record.token


def test_events_appended_between_pages_are_read_once_in_their_place(test_streams_shown):
    name = stream_name()
    seen, cursor = [], ORIGIN
    for n in range(12):
        append(name, None, new_event(n=n))
        if n % 2:
            append_many([stream_append(stream_name(), None, new_event(n=n)),
                         stream_append(name, None, new_event(n=n, also=True))])
        page = reader.read_page(test_streams_shown, cursor, 2)
        seen += page.events
        cursor = page.cursor
    rest, _, _ = page_through(test_streams_shown, cursor, limit=2)

    assert _ids(seen + rest) == _log()


def test_an_open_appender_holds_the_feed_back_and_nothing_is_lost(test_streams_shown):
    append(stream_name(), None, new_event(before=True))
    with open_append(stream_append(stream_name("slow"), 0, new_event(slow=True))) as slow:
        # Committed after the slow one began: later in commit-safe order than the slow event.
        for n in range(5):
            append(stream_name(), None, new_event(after=n))
        early, cursor, _ = page_through(test_streams_shown, limit=2)

        assert len(early) == 1, "nothing of or after the open transaction is read"
        assert cursor.tx <= slow.last.tx
        assert reader.read_page(test_streams_shown, cursor, 2).events == []
        slow.commit()
    rest, _, _ = page_through(test_streams_shown, cursor, limit=2)

    assert _ids(early + rest) == _log()
    assert rest[0].record.data == {"slow": True}, "the slow event comes before later commits"


def test_a_poll_with_nothing_new_moves_the_cursor_to_the_horizon_safely(test_streams_shown):
    append(stream_name(), None, new_event())
    events, _, _ = page_through(test_streams_shown, limit=10)

    empty = reader.read_page(test_streams_shown, events[-1].record.token, 10)

    assert empty.events == [] and not empty.more
    assert empty.cursor > events[-1].record.token
    assert empty.cursor.tx <= appenders_horizon()
    later = append(stream_name(), None, new_event(later=True))
    assert [e.record.token for e in reader.read_page(test_streams_shown, empty.cursor, 10)
            .events] == [later.last]


class EveryTenth:
    """A caller who may see one event in ten."""

    def judge(self, records):
        return [Show(r.data) if r.data["n"] % 10 == 0 else HIDE for r in records]


@pytest.fixture
def small_scans(settings):
    settings.SHOPNEST_FEED_SCAN_LIMIT = 7


def test_a_caller_who_may_see_little_still_moves_on_one_bounded_scan_at_a_time(
        test_streams_shown, small_scans):
    name = stream_name()
    for n in range(60):
        append(name, None, new_event(n=n))

    events, _, pages = page_through({TEST_STREAMS: EveryTenth()}, limit=5)

    assert [e.record.data["n"] for e in events] == [0, 10, 20, 30, 40, 50]
    assert pages >= 60 // 7, "no request scans more than its budget"


def test_an_empty_page_of_a_bounded_scan_still_moves_the_cursor(test_streams_shown,
                                                                  small_scans):
    name = stream_name()
    for n in range(1, 20):
        append(name, None, new_event(n=n))

    page = reader.read_page({TEST_STREAMS: EveryTenth()}, ORIGIN, 5)

    assert page.more and [e.record.data["n"] for e in page.events] == []
    assert page.cursor > ORIGIN


class NotYetPastFive:
    """A caller whose read side has not caught up with events from n = 5 on."""

    def __init__(self):
        self.ready = False

    def judge(self, records):
        return [WAIT if r.data["n"] >= 5 and not self.ready else Show(r.data) for r in records]


def test_an_event_that_cannot_be_judged_yet_ends_the_page_before_it(test_streams_shown):
    name = stream_name()
    for n in range(8):
        append(name, None, new_event(n=n))
    viewer = NotYetPastFive()

    first, cursor, _ = page_through({TEST_STREAMS: viewer}, limit=3)
    again = reader.read_page({TEST_STREAMS: viewer}, cursor, 3)
    viewer.ready = True
    rest, _, _ = page_through({TEST_STREAMS: viewer}, cursor, limit=3)

    assert [e.record.data["n"] for e in first] == [0, 1, 2, 3, 4]
    assert again.events == [] and again.cursor == cursor
    assert [e.record.data["n"] for e in rest] == [5, 6, 7]


def test_a_caller_who_sees_no_stream_type_reads_nothing_and_is_caught_up():
    written = append(stream_name(), None, new_event())

    page = reader.read_page({}, ORIGIN, 10)

    assert page.events == [] and not page.more
    assert page.cursor > written.last and page.cursor.position == 0
