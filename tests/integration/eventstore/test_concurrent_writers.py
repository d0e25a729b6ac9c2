"""Writers of one stream queue behind each other; writers of different streams never wait."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection, transaction

from shopnest.eventstore import store
from shopnest.eventstore.errors import ConcurrencyError

from .helpers import (
    append,
    new_event,
    open_append,
    run_together,
    stream_append,
    stream_name,
    thread_pool,
    wait_for_lock_waiters,
)


def test_of_two_concurrent_appends_at_one_version_exactly_one_wins():
    stream = stream_name()
    append(stream, 0, new_event())

    for version in range(1, 6):
        outcomes = run_together(
            lambda v=version: append(stream, v, new_event("Left")),
            lambda v=version: append(stream, v, new_event("Right")),
        )

        winners = [o for o in outcomes if not isinstance(o, Exception)]
        losers = [o for o in outcomes if isinstance(o, Exception)]
        assert len(winners) == 1, outcomes
        assert len(losers) == 1 and isinstance(losers[0], ConcurrencyError), outcomes
        assert winners[0].version == version + 1

    assert [e.version for e in store.read_stream(stream)] == [1, 2, 3, 4, 5, 6]


def test_of_two_concurrent_creations_of_one_stream_exactly_one_wins():
    for _ in range(5):
        stream = stream_name()
        outcomes = run_together(
            lambda s=stream: append(s, 0, new_event("Left")),
            lambda s=stream: append(s, 0, new_event("Right")),
        )

        assert sorted(type(o).__name__ for o in outcomes) == ["AppendResult", "ConcurrencyError"]
        assert len(store.read_stream(stream)) == 1


def test_a_second_writer_of_a_stream_waits_for_the_first_to_commit():
    stream = stream_name()
    append(stream, 0, new_event())

    with open_append(stream_append(stream, 1, new_event("First"))) as first:
        with thread_pool(1) as submit:
            second = submit(append, stream, None, new_event("Second"))
            wait_for_lock_waiters(1)
            assert not second.done()
            first.commit()
            result = second.result(timeout=10)

    assert result.version == 3
    assert [e.type for e in store.read_stream(stream)] == ["Happened", "First", "Second"]
    assert result.last.tx > first.last.tx


def test_a_writer_of_another_stream_does_not_wait_for_an_open_transaction():
    busy, free = stream_name("busy"), stream_name("free")

    with open_append(stream_append(busy, 0, new_event())):
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = 3000")
            (result,) = store.append([stream_append(free, 0, new_event())], {})

    assert result.version == 1
    assert store.stream_version(busy) == 0


def test_a_writer_of_the_same_stream_does_wait_for_an_open_transaction():
    busy = stream_name("busy")

    with open_append(stream_append(busy, 0, new_event())):
        with pytest.raises(OperationalError, match="statement timeout"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = 300")
            store.append([stream_append(busy, None, new_event())], {})
