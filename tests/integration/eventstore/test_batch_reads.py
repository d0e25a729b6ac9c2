"""Reading a batch: bounded by count and by bytes, in commit-safe order, through the index."""

from __future__ import annotations

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from shopnest.eventstore import store
from shopnest.eventstore.records import ORIGIN

from .helpers import append, new_event, stream_append, stream_name, wait_until_visible


def _appended(count: int, text: str = "x") -> list:
    stream = stream_name()
    results = [append(stream, None, new_event("Sized", text=text)) for _ in range(count)]
    wait_until_visible(results[-1].last)
    return results


def _stored_size() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_column_size(data) + pg_column_size(metadata) FROM es_events "
                       "WHERE type = 'Sized' LIMIT 1")
        return cursor.fetchone()[0]


def test_a_read_stops_once_its_events_reach_the_byte_bound_and_says_more_may_follow():
    results = _appended(5, "y" * 100)
    size = _stored_size()

    batch = store.read_after(ORIGIN, 100, ("Sized",), max_bytes=2 * size + 1)

    # The third event starts below the bound (2 × size < 2 × size + 1): it is read, and the
    # read stops there, however many more there are.
    assert [e.token for e in batch] == [r.last for r in results[:3]]
    assert batch.more


def test_one_event_larger_than_the_byte_bound_is_still_read_alone():
    results = _appended(2, "z" * 5000)

    batch = store.read_after(ORIGIN, 100, ("Sized",), max_bytes=1)

    assert [e.token for e in batch] == [results[0].last]
    assert batch.more


def test_a_read_that_reaches_neither_bound_says_nothing_more_follows():
    results = _appended(3)

    batch = store.read_after(ORIGIN, 10, ("Sized",), max_bytes=10**9)
    counted = store.read_after(ORIGIN, 3, ("Sized",))

    assert [e.token for e in batch] == [r.last for r in results]
    assert not batch.more
    assert counted.more  # exactly at the count bound: more may follow
    assert [e.data for e in batch] == [{"text": "x"}] * 3  # jsonb comes back decoded


def test_the_batch_read_follows_the_commit_order_index_instead_of_sorting_the_log():
    _appended(1)
    with CaptureQueriesContext(connection) as captured:
        store.read_after(ORIGIN, 10, ("Sized",), horizon=10**9)
        store.read_after(ORIGIN, 10, ("Sized",), horizon=10**9, max_bytes=10**6)
    reads = [q["sql"] for q in captured.captured_queries if "FROM es_events" in q["sql"]]

    with transaction.atomic(), connection.cursor() as cursor:
        # As on a large log, where a scan of the whole table and a sort would cost the most.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        plans = []
        for sql in reads:
            cursor.execute(f"EXPLAIN {sql}")
            plans.append("\n".join(row[0] for row in cursor.fetchall()))

    assert len(plans) == 2
    for plan in plans:
        assert "es_events_tx_position" in plan
        assert "Sort" not in plan


def _appended_with_metadata(metadata: dict) -> None:
    stream = stream_name()
    with transaction.atomic():
        (result,) = store.append([stream_append(stream, None, new_event("Tagged"))], metadata)
    wait_until_visible(result.last)


def test_a_read_for_some_metadata_keys_returns_only_those_keys_null_where_absent():
    _appended_with_metadata({"correlation_id": "c-1", "actor_email": "a@example.com",
                             "via": "api"})

    narrow = store.read_after(ORIGIN, 100, ("Tagged",), max_bytes=10**6,
                              metadata_keys=("correlation_id", "missing"))
    whole = store.read_after(ORIGIN, 100, ("Tagged",), max_bytes=10**6)

    assert [e.metadata for e in narrow] == [{"correlation_id": "c-1", "missing": None}]
    assert whole[0].metadata["actor_email"] == "a@example.com"
    assert [e.data for e in narrow] == [e.data for e in whole]


def test_a_read_for_no_metadata_keys_returns_empty_metadata_in_either_bound():
    _appended_with_metadata({"correlation_id": "c-2"})

    for bound in (None, 10**6):
        batch = store.read_after(ORIGIN, 100, ("Tagged",), max_bytes=bound, metadata_keys=())
        assert [e.metadata for e in batch] == [{}]
