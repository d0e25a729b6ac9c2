"""A small test projection, "ledger", over `BalanceSet` events, with tables of its own.

It writes two tables: every delivery it received (to see what was applied, in which order,
how many times) and one version-guarded balance row per stream (to see what a redelivery
does to a read row). Never registered: tests hand it to the runner directly.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from django.db import connection

from shopnest.domain.events import DomainEvent
from shopnest.eventstore.horizon import appenders_horizon
from shopnest.eventstore.records import AppendResult, NewEvent, Position, RecordedEvent
from shopnest.projections.base import Projection, handles
from shopnest.projections.upsert import bulk_upsert
from tests.integration.eventstore.helpers import append

BALANCES = "test_ledger_balance"
DELIVERIES = "test_ledger_delivery"
EVENT_TYPE = "BalanceSet"


@dataclass(frozen=True)
class BalanceSet(DomainEvent):
    """The test projection's one event: an account's balance is now `balance`."""

    TYPE: ClassVar[str] = EVENT_TYPE

    balance: int


def create_tables() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {BALANCES} ("
            "account text PRIMARY KEY, version bigint NOT NULL, balance bigint NOT NULL)"
        )
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {DELIVERIES} (seq bigserial PRIMARY KEY, "
            "stream_id text NOT NULL, version bigint NOT NULL, tx bigint NOT NULL, "
            "position bigint NOT NULL)"
        )
        cursor.execute(f"TRUNCATE {BALANCES}, {DELIVERIES}")


def drop_tables() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {BALANCES}, {DELIVERIES}")


def balance_set(amount: int) -> NewEvent:
    return NewEvent(EVENT_TYPE, BalanceSet(balance=amount, at="2024-05-01T09:00:00Z").to_data())


def append_balances(stream_id: str, *amounts: int) -> list[AppendResult]:
    """Append one `BalanceSet` per amount to the stream, each in its own transaction, and
    wait until the runner may read them (an appender still open holds them back)."""
    results = [append(stream_id, None, balance_set(amount)) for amount in amounts]
    wait_until_readable(results[-1].last)
    return results


def wait_until_readable(token: Position, timeout: float = 10.0) -> None:
    """Wait until the runner's horizon (the appenders', eventstore/horizon.py) has passed
    `token`. Not the server-wide snapshot: a shared server's unrelated transactions (another
    database's tests) hold that back, and the runner does not wait for them either."""
    deadline = time.monotonic() + timeout
    while appenders_horizon() <= token.tx:
        if time.monotonic() > deadline:
            raise AssertionError(f"{token} never became readable: an appender stays open")
        time.sleep(0.01)


class Ledger(Projection):
    tables = (BALANCES, DELIVERIES)

    def __init__(self, name: str = "ledger"):
        self.name = name

    @handles(BalanceSet)
    def balance_set(self, event: BalanceSet, record: RecordedEvent) -> dict:
        return {"account": record.stream_id, "version": record.version, "balance": event.balance}

    def apply(self, events: Sequence[RecordedEvent]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {DELIVERIES} (stream_id, version, tx, position) "
                "VALUES (%s, %s, %s, %s)",
                [(e.stream_id, e.version, e.tx, e.position) for e in events],
            )
        latest = {e.stream_id: self.handler_for(e)(e.event, e) for e in events}
        bulk_upsert(BALANCES, list(latest.values()), key=("account",))


class PartitionedLedger(Ledger):
    """The ledger, run as PROJECTION_PARTITIONS partitions (a stream's rows are its own)."""

    partitionable = True


class FailingLedger(Ledger):
    """Writes its rows, then fails; `failures_left` times (forever when None)."""

    def __init__(self, name: str = "ledger", failures_left: int | None = None):
        super().__init__(name)
        self.failures_left = failures_left

    def apply(self, events: Sequence[RecordedEvent]) -> None:
        super().apply(events)
        if self.failures_left is None or self.failures_left > 0:
            if self.failures_left is not None:
                self.failures_left -= 1
            raise RuntimeError("the ledger handler broke")


class BlockingLedger(Ledger):
    """Waits inside the runner's transaction until released, then writes its rows."""

    def __init__(self, name: str = "ledger"):
        super().__init__(name)
        self.entered = threading.Event()
        self.release = threading.Event()

    def apply(self, events: Sequence[RecordedEvent]) -> None:
        self.entered.set()
        if not self.release.wait(timeout=20):
            raise TimeoutError("the blocking ledger was never released")
        super().apply(events)


# -- what the ledger wrote, and where its checkpoint is --------------------------------------


def deliveries() -> list[tuple[str, int]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT stream_id, version FROM {DELIVERIES} ORDER BY seq")
        return [tuple(row) for row in cursor.fetchall()]


def balances() -> dict[str, tuple[int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT account, version, balance FROM {BALANCES}")
        return {account: (version, balance) for account, version, balance in cursor.fetchall()}


def projection_state(name: str) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tx, position, status, failures, last_error FROM shopnest_projection_state "
            "WHERE name = %s",
            [name],
        )
        row = cursor.fetchone()
    if row is None:
        return {}
    tx, position, status, failures, last_error = row
    return {"checkpoint": Position(tx, position), "status": status, "failures": failures,
            "last_error": last_error}


def checkpoint(name: str) -> Position:
    return projection_state(name)["checkpoint"]


def rewind(*names: str) -> None:
    """Move checkpoints back to the origin, as a rebuild or a redelivery would."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE shopnest_projection_state SET tx = 0, position = 0 WHERE name = ANY(%s)",
            [list(names)],
        )
