"""History is never rewritten, and an append is always the first write of its transaction."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from shopnest.eventstore import store
from shopnest.eventstore.errors import NotFirstWriteError

from .helpers import append, event_count, new_event, scalar, stream_append, stream_name


def _execute(sql: str, params: list | None = None) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def _refused(sql: str) -> DatabaseError:
    with pytest.raises(DatabaseError, match="append-only") as raised:
        _execute(sql)
    assert raised.value.__cause__.diag.sqlstate == "SNAO1"
    return raised.value


@pytest.fixture
def history():
    """A stream with two events, and a way to check that it is untouched."""
    stream = stream_name()
    append(stream, 0, new_event("Opened", n=1), new_event("Noted", n=2))
    before = [(e.position, e.version, e.type, e.data) for e in store.read_stream(stream)]

    def unchanged() -> bool:
        after = [(e.position, e.version, e.type, e.data) for e in store.read_stream(stream)]
        return after == before and store.stream_version(stream) == 2

    return unchanged


def test_updating_an_event_is_refused(history):
    _refused("UPDATE es_events SET data = '{\"n\": 99}'::jsonb")
    assert history()


def test_deleting_an_event_is_refused(history):
    _refused("DELETE FROM es_events")
    assert history()


def test_truncating_the_events_is_refused(history):
    _refused("TRUNCATE es_events")
    assert history()


def test_deleting_a_stream_is_refused(history):
    _refused("DELETE FROM es_streams")
    assert history()


def test_truncating_the_streams_is_refused(history):
    _refused("TRUNCATE es_streams CASCADE")
    assert history()


def test_an_append_after_another_write_in_the_same_transaction_is_refused():
    stream = stream_name()

    with pytest.raises(NotFirstWriteError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO shopnest_projection_state (name, tx, position, status, failures, "
                "last_error, updated_at) VALUES ('written-first', 0, 0, 'running', 0, '', now())"
            )
        store.append([stream_append(stream, 0, new_event())], {})

    assert event_count() == 0
    assert scalar("SELECT count(*) FROM shopnest_projection_state") == 0


def test_an_append_after_a_write_to_the_event_store_itself_is_refused():
    stream = stream_name()
    append(stream, 0, new_event())

    with pytest.raises(NotFirstWriteError), transaction.atomic():
        store.append([stream_append(stream, 1, new_event())], {})
        store.append([stream_append(stream, 2, new_event())], {})

    assert store.stream_version(stream) == 1


def test_reads_before_an_append_in_the_same_transaction_are_allowed():
    stream = stream_name()
    append(stream, 0, new_event())

    with transaction.atomic():
        version = store.stream_version(stream)
        store.read_stream(stream)
        (result,) = store.append([stream_append(stream, version, new_event())], {})

    assert result.version == 2
