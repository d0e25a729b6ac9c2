"""Factories and connection helpers for event store tests.

Tests that need a transaction held open while something else happens use a raw psycopg
connection (`open_append`) or a thread with its own Django connection (`held_append`,
`thread_pool`, `run_together`).

Commit-safe readers never read past the oldest transaction still running anywhere in the
PostgreSQL cluster, so a test that reads what it just wrote first calls `wait_until_visible`.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import psycopg
from django.db import connection, transaction

from shopnest.eventstore import store
from shopnest.eventstore.records import AppendResult, NewEvent, Position, StreamAppend


def stream_name(prefix: str = "test") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def new_event(type: str = "Happened", **data: Any) -> NewEvent:
    return NewEvent(type, data)


def stream_append(stream_id: str, expected_version: int | None, *events: NewEvent) -> StreamAppend:
    return StreamAppend(stream_id, "test", expected_version, tuple(events or (new_event(),)))


def append(stream_id: str, expected_version: int | None, *events: NewEvent) -> AppendResult:
    """Append to one stream in a transaction of its own and commit."""
    with transaction.atomic():
        (result,) = store.append([stream_append(stream_id, expected_version, *events)], {})
    return result


def append_many(appends: list[StreamAppend]) -> list[AppendResult]:
    with transaction.atomic():
        return store.append(appends, {"actor_id": None})


def scalar(sql: str, params: list[Any] | None = None) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchone()[0]


def event_count() -> int:
    return scalar("SELECT count(*) FROM es_events")


def stream_count() -> int:
    return scalar("SELECT count(*) FROM es_streams")


def wait_until_visible(token: Position, timeout: float = 10.0) -> None:
    """Wait until commit-safe readers may read `token` (every older appending transaction
    has ended: the readers' own horizon, so transactions of other databases on the server,
    such as a concurrent test run's, do not count)."""
    from shopnest.eventstore.horizon import appenders_horizon

    deadline = time.monotonic() + timeout
    while appenders_horizon() <= token.tx:
        if time.monotonic() > deadline:
            raise AssertionError(f"{token} never became visible: a transaction stays open")
        time.sleep(0.01)


def last_recorded() -> Position:
    """The position of the newest event, committed or not yet visible to commit-safe readers."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tx::text::bigint, position FROM es_events ORDER BY tx DESC, position DESC LIMIT 1"
        )
        row = cursor.fetchone()
    return Position(*row) if row else Position(0, 0)


# -- raw connections: transactions held open on purpose ------------------------------------


def raw_connect(**overrides: Any) -> psycopg.Connection:
    """A psycopg connection to the test database, outside Django's connection handling."""
    params = {
        k: v
        for k, v in connection.get_connection_params().items()
        if k not in {"cursor_factory", "context"}
    }
    return psycopg.connect(**{**params, **overrides})


class OpenAppend:
    """An append made on a raw connection whose transaction is still open."""

    def __init__(self, conn: psycopg.Connection, rows: list[dict[str, Any]]):
        self.conn = conn
        self.rows = rows

    @property
    def last(self) -> Position:
        row = self.rows[-1]
        return Position(int(row["tx"]), row["last_position"])

    def commit(self) -> None:
        self.conn.commit()


@contextmanager
def open_append(*appends: StreamAppend) -> Iterator[OpenAppend]:
    """Append with `es_append` as the first write of a raw transaction and keep it open.

    Call `.commit()` to commit; leaving the block without committing rolls back.
    """
    conn = raw_connect()
    try:
        payload = store._batch_payload(list(appends), {"actor_id": None})
        (rows,) = conn.execute("SELECT es_append(%s::jsonb)", [payload]).fetchone()
        yield OpenAppend(conn, rows)
    finally:
        conn.rollback()
        conn.close()


def wait_for_lock_waiters(count: int = 1, timeout: float = 5.0) -> None:
    """Block until `count` sessions of this database wait on an advisory lock."""
    deadline = time.monotonic() + timeout
    with raw_connect(autocommit=True) as conn:
        while True:
            (waiting,) = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND wait_event = 'advisory'"
            ).fetchone()
            if waiting >= count:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"{count} advisory lock waiter(s) expected, saw {waiting}")
            time.sleep(0.01)


# -- threads with their own Django connection -------------------------------------------------


def _closing(fn: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        finally:
            connection.close()

    return run


@contextmanager
def thread_pool(workers: int = 2) -> Iterator[Callable[..., Future]]:
    """Yield `submit(fn, *args)`; each call runs in a thread with its own Django connection."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        yield lambda fn, *args, **kwargs: pool.submit(_closing(fn), *args, **kwargs)


def run_together(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls at the same moment in threads; return each result or the exception."""
    barrier = threading.Barrier(len(calls))

    def start(call: Callable[[], Any]) -> Any:
        barrier.wait(timeout=10)
        try:
            return call()
        except Exception as exc:  # collected so the test can assert which one lost
            return exc

    with thread_pool(len(calls)) as submit:
        futures = [submit(start, call) for call in calls]
        return [f.result(timeout=30) for f in futures]


class HeldAppend:
    """An append made by `store.append` in a thread whose transaction waits to commit."""

    def __init__(self) -> None:
        self.appended = threading.Event()
        self.release = threading.Event()
        self.rollback = False
        self.result: AppendResult | None = None
        self.future: Future | None = None

    def commit(self, timeout: float = 10.0) -> None:
        self.release.set()
        self.future.result(timeout=timeout)


class _RolledBack(Exception):
    pass


@contextmanager
def held_append(stream_id: str, expected_version: int | None, *events: NewEvent) -> Iterator[HeldAppend]:
    """Append through Django in another thread and keep its transaction open until `.commit()`."""
    held = HeldAppend()

    def write() -> None:
        with transaction.atomic():
            (held.result,) = store.append([stream_append(stream_id, expected_version, *events)], {})
            held.appended.set()
            if not held.release.wait(timeout=20) or held.rollback:
                raise _RolledBack()

    with thread_pool(1) as submit:
        held.future = submit(write)
        if not held.appended.wait(timeout=10):
            held.future.result(timeout=1)
            raise AssertionError("the held append did not happen")
        try:
            yield held
        finally:
            held.rollback = not held.future.done()
            held.release.set()

