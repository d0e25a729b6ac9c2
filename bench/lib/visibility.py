"""Measure projection lag: when does a row the API just wrote show up in its read table?

A poller thread with its own connection looks every few milliseconds for the ids the load has
registered. For each one it records:
- response → visible: the poll that first saw the row minus the wall time the command's HTTP
  response arrived. The row was already visible when that poll's snapshot was taken, so this is
  an upper bound of the real delay, coarse by one poll interval plus one query;
- recorded → visible: the same poll minus `es_events.recorded_at` of the event that made the
  row (the database clock at insert, inside the command's transaction; same machine, same
  clock), which also covers the commit and the HTTP response.

An id is only polled after its response arrived, so a row that was visible even earlier is
reported with about one poll interval of lag, never a negative one.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import psycopg

# A ticket's first event (version 1, TicketCreated) is what creates its row.
TICKET_SQL = """
SELECT v.id, e.recorded_at
  FROM tickets_ticket_view v
  JOIN es_events e ON e.stream_id = 'ticket-' || v.id AND e.version = 1
 WHERE v.id = ANY(%s)
"""
# A reply's row is created by its ReplyAdded event (found by the store's conversation index).
CONVERSATION_SQL = """
SELECT c.id, e.recorded_at
  FROM tickets_conversation_view c
  JOIN es_events e ON e.type IN ('ReplyAdded', 'NoteAdded')
   AND (e.data->>'conversation_id')::bigint = c.id
 WHERE c.id = ANY(%s)
"""
QUERIES = {"ticket": TICKET_SQL, "conversation": CONVERSATION_SQL}
# Transaction ids are cluster-wide: a writing transaction left open in ANY database of the
# cluster keeps pg_snapshot_xmin() down, and with it every projection's read horizon here.
# Sampled so that a lag outlier can be told apart from someone else's long transaction.
FOREIGN_TX_SQL = """
SELECT coalesce(max(extract(epoch FROM clock_timestamp() - xact_start)), 0)
  FROM pg_stat_activity
 WHERE backend_xid IS NOT NULL AND datname IS DISTINCT FROM current_database()
"""
FOREIGN_TX_EVERY = 0.1  # seconds


@dataclass(frozen=True)
class Visibility:
    item_id: int
    responded_at: float
    seen_at: float
    recorded_at: float

    @property
    def response_lag(self) -> float:
        return self.seen_at - self.responded_at

    @property
    def recorded_lag(self) -> float:
        return self.seen_at - self.recorded_at


class VisibilityPoller(threading.Thread):
    def __init__(self, dsn: str, interval: float = 0.005):
        super().__init__(name="visibility-poller", daemon=True)
        self.dsn, self.interval = dsn, interval
        self._pending: dict[str, dict[int, float]] = {kind: {} for kind in QUERIES}
        self._seen: dict[str, list[Visibility]] = {kind: [] for kind in QUERIES}
        self._lock = threading.Lock()
        self._halt = threading.Event()
        self.polls = 0
        self.foreign_tx: list[tuple[float, float]] = []  # (wall time, oldest age in seconds)
        self._next_foreign = 0.0
        self.failure: BaseException | None = None

    def expect(self, kind: str, item_id: int, responded_at: float) -> None:
        with self._lock:
            self._pending[kind][item_id] = responded_at

    def pending(self, kind: str) -> int:
        with self._lock:
            return len(self._pending[kind])

    def take(self, kind: str) -> tuple[list[Visibility], int]:
        """Return the rows seen so far and how many are still unseen; forget both."""
        with self._lock:
            seen, self._seen[kind] = self._seen[kind], []
            unseen = len(self._pending[kind])
            self._pending[kind].clear()
        return seen, unseen

    def wait_drained(self, kind: str, timeout: float) -> bool:
        """Wait until every registered id of `kind` was seen (False: timed out)."""
        deadline = time.monotonic() + timeout
        while self.pending(kind) and time.monotonic() < deadline:
            if self.failure is not None:
                raise RuntimeError("visibility poller failed") from self.failure
            time.sleep(0.01)
        return self.pending(kind) == 0

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5.0)

    def run(self) -> None:
        try:
            with psycopg.connect(self.dsn, autocommit=True) as conn:
                while not self._halt.is_set():
                    started = time.monotonic()
                    self._poll_once(conn)
                    self._halt.wait(max(0.0, self.interval - (time.monotonic() - started)))
        except BaseException as exc:  # reported by wait_drained instead of a silent thread
            self.failure = exc

    def oldest_foreign_tx(self, since: float) -> float:
        """Oldest writing transaction of another database seen since `since` (seconds)."""
        return max((age for at, age in list(self.foreign_tx) if at >= since), default=0.0)

    def _poll_once(self, conn: psycopg.Connection) -> None:
        if time.monotonic() >= self._next_foreign:
            self._next_foreign = time.monotonic() + FOREIGN_TX_EVERY
            age = conn.execute(FOREIGN_TX_SQL).fetchone()[0]
            self.foreign_tx.append((time.time(), float(age)))
        for kind, query in QUERIES.items():
            with self._lock:
                ids = list(self._pending[kind])
            if not ids:
                continue
            # Taken before the query: its snapshot (taken just after) already held the rows.
            polled_at = time.time()
            rows = conn.execute(query, [ids]).fetchall()
            self.polls += 1
            self._record(kind, polled_at, rows)

    def _record(self, kind: str, polled_at: float, rows) -> None:
        with self._lock:
            pending = self._pending[kind]
            for item_id, recorded_at in rows:
                responded_at = pending.pop(item_id, None)
                if responded_at is not None:
                    self._seen[kind].append(
                        Visibility(item_id, responded_at, polled_at, recorded_at.timestamp()))
