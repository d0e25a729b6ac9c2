"""Append to and read from the PostgreSQL event store.

Appends go through the `es_append` SQL function (one round trip: lock, first-write check,
version check, insert). Subscriptions read in commit-safe `(tx, position)` order and never
past the oldest running transaction, so an event can never appear behind a checkpoint.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from operator import itemgetter
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from psycopg import errors as pg_errors

from shopnest.eventstore import keys, sealing
from shopnest.eventstore.errors import (
    AppendOnlyViolation,
    ConcurrencyError,
    DuplicateEventIdError,
    NotFirstWriteError,
    RetryableAppendError,
)
from shopnest.eventstore.horizon import appenders_horizon
from shopnest.eventstore.jsonb import decode_jsonb
from shopnest.eventstore.params import text_array
from shopnest.eventstore.records import (
    AppendResult,
    Position,
    RecordedEvent,
    ScannedEvent,
    StreamAppend,
)
from shopnest.observability.metrics import EVENTS_APPENDED

# Qualified: an ORDER BY tx would otherwise sort by the output column `tx` (the bigint cast),
# which no index holds, and read the whole log at every batch.
EVENT_COLUMNS = (
    "e.position, e.tx::text::bigint, e.stream_id, e.version, e.event_id, e.type, "
    "e.schema_version, e.data, e.metadata, e.recorded_at"
)


def _encode(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, separators=(",", ":"))


def _batch_payload(appends: Sequence[StreamAppend], metadata: dict[str, Any]) -> str:
    return _encode(
        [
            {
                "stream_id": a.stream_id,
                "stream_type": a.stream_type,
                "expected_version": a.expected_version,
                "metadata": metadata,
                "events": [
                    {
                        "event_id": str(e.event_id),
                        "type": e.type,
                        "schema_version": e.schema_version,
                        "data": e.data,
                    }
                    for e in a.events
                ],
            }
            for a in appends
            if a.events
        ]
    )


def _translate(exc: Exception, appends: Sequence[StreamAppend]) -> Exception:
    sqlstate = getattr(getattr(exc, "diag", None), "sqlstate", None) or getattr(
        exc, "sqlstate", None
    )
    message = str(exc).splitlines()[0]
    if sqlstate == "SNCV1":
        detail = exc.diag.message_detail
        stream = message.split()[1] if message.startswith("stream ") else "?"
        expected = next((a.expected_version for a in appends if a.stream_id == stream), None)
        return ConcurrencyError(stream, expected, int(detail) if detail else None)
    if sqlstate == "SNTX1":
        return RetryableAppendError(message)
    if sqlstate == "SNFW1":
        return NotFirstWriteError(message)
    if sqlstate == "SNID1":
        return DuplicateEventIdError(message)
    if sqlstate == "SNAO1":
        return AppendOnlyViolation(message)
    if isinstance(exc, pg_errors.UniqueViolation) and "event_id" in str(exc):
        return DuplicateEventIdError(message)
    return exc


def _cause(exc: Exception) -> Exception:
    return exc.__cause__ if exc.__cause__ is not None else exc


def append(appends: Sequence[StreamAppend], metadata: dict[str, Any]) -> list[AppendResult]:
    """Append events to one or more streams, atomically, inside the caller's transaction
    (or, called in autocommit, as one statement of its own).

    Must be the first write of that transaction. Raises ConcurrencyError when a stream is not
    at its expected version and RetryableAppendError when a newer transaction wrote it.
    Personal fields are sealed on the way in (sealing.py); keys made for new persons are
    stored after the append, in the same transaction.
    """
    appends, new_keys = sealing.seal_appends(appends)
    payload = _batch_payload(appends, metadata)
    if new_keys and not connection.in_atomic_block:  # the keys commit with the events
        with transaction.atomic():
            return _append_sealed(appends, payload, new_keys)
    return _append_sealed(appends, payload, new_keys)


def _append_sealed(appends: Sequence[StreamAppend], payload: str, new_keys: dict[str, bytes]
                   ) -> list[AppendResult]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT es_append(%s::jsonb)", [payload])
            (rows,) = cursor.fetchone()
    except Exception as exc:  # translate the database's refusal into the store's errors
        translated = _translate(_cause(exc), appends)
        if translated is _cause(exc):
            raise
        raise translated from exc
    if isinstance(rows, str):
        rows = json.loads(rows)
    keys.add(new_keys)
    results = [
        AppendResult(
            stream_id=r["stream_id"],
            version=r["version"],
            first=Position(int(r["tx"]), r["first_position"]),
            last=Position(int(r["tx"]), r["last_position"]),
            duplicate=r["duplicate"],
        )
        for r in rows
    ]
    _count_on_commit(appends, results)
    return results


def _count_on_commit(appends: Sequence[StreamAppend], results: list[AppendResult]) -> None:
    """Count the appended events by stream type once they commit (a rolled-back append, or a
    duplicate of events already stored, counts nothing)."""
    fresh = {r.stream_id for r in results if not r.duplicate}
    counts: dict[str, int] = {}
    for a in appends:
        if a.stream_id in fresh and a.events:
            counts[a.stream_type] = counts.get(a.stream_type, 0) + len(a.events)
    if counts:
        transaction.on_commit(lambda: _count(counts))


def _count(counts: dict[str, int]) -> None:
    for stream_type, n in counts.items():
        EVENTS_APPENDED.labels(stream_type).inc(n)


def lock_streams(stream_ids: Sequence[str]) -> None:
    """Take the append locks of these streams (in the order es_append takes them) until the
    transaction ends, so no one else can append to them meanwhile."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended('es-stream:' || sid, 0)) "
            "FROM (SELECT DISTINCT unnest(%s::text[]) AS sid ORDER BY 1) streams",
            [list(stream_ids)],
        )


_commit_order = itemgetter(1, 0)  # (tx, position) of a row of EVENT_COLUMNS


_RECORD_FIELDS = tuple(f.name for f in fields(RecordedEvent))  # in EVENT_COLUMNS' order


def _row_to_event(row: tuple) -> RecordedEvent:
    """The record of a row of EVENT_COLUMNS (and maybe more columns after them), its jsonb
    decoded by the cursor (decode_jsonb). Built as the frozen dataclass's __init__ would,
    without its ten guarded attribute writes: a batch makes thousands."""
    record = object.__new__(RecordedEvent)
    record.__dict__.update(zip(_RECORD_FIELDS, row, strict=False))
    return record


def read_stream(stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
    """Return a stream's events in version order."""
    with connection.cursor() as cursor:
        decode_jsonb(cursor)
        cursor.execute(
            f"SELECT {EVENT_COLUMNS} FROM es_events e WHERE stream_id = %s AND version > %s "
            "ORDER BY version",
            [stream_id, after_version],
        )
        return _events(cursor.fetchall())


def read_stream_from(stream_id: str, version: int) -> tuple[Any, list[RecordedEvent]]:
    """Return the id of a stream's event at `version` (None if it has none) and its events
    after `version`, in one query: what a load needs to check a remembered state and fold
    what is new onto it. Only the new events are opened (their keys read)."""
    with connection.cursor() as cursor:
        decode_jsonb(cursor)
        cursor.execute(
            f"SELECT {EVENT_COLUMNS} FROM es_events e WHERE stream_id = %s AND version >= %s "
            "ORDER BY version",
            [stream_id, version],
        )
        rows = cursor.fetchall()
    if not rows or rows[0][3] != version:
        return None, _events(rows)
    return rows[0][4], _events(rows[1:])


def read_streams_from(versions: Mapping[str, int]) -> dict[str, tuple[Any, list[RecordedEvent]]]:
    """read_stream_from for several streams in one query: for each stream id, the id of its
    event at the version given (None if it has none) and its events after it."""
    if not versions:
        return {}
    ids = list(versions)
    with connection.cursor() as cursor:
        decode_jsonb(cursor)
        cursor.execute(
            f"SELECT {EVENT_COLUMNS} FROM unnest(%s::text[], %s::bigint[]) AS w(sid, v) "
            "JOIN es_events e ON e.stream_id = w.sid AND e.version >= w.v "
            "ORDER BY e.stream_id, e.version",
            [ids, [versions[i] for i in ids]],
        )
        rows = cursor.fetchall()
    # The rows at the given versions only carry their ids; the rest is opened in one batch.
    at_version: dict[str, Any] = {}
    after: list[tuple] = []
    for row in rows:
        if row[3] == versions[row[2]]:
            at_version[row[2]] = row[4]
        else:
            after.append(row)
    found: dict[str, tuple[Any, list[RecordedEvent]]] = {sid: (at_version.get(sid), [])
                                                         for sid in ids}
    for event in _events(after):
        found[event.stream_id][1].append(event)
    return found


def _events(rows: Iterable[tuple]) -> list[RecordedEvent]:
    """Return the rows as events, their personal fields opened with one batch of keys."""
    return sealing.open_records([_row_to_event(r) for r in rows])


def read_streams(stream_ids: Iterable[str]) -> dict[str, list[RecordedEvent]]:
    """Return several streams' events, each in version order."""
    ids = list(stream_ids)
    out: dict[str, list[RecordedEvent]] = {sid: [] for sid in ids}
    if not ids:
        return out
    with connection.cursor() as cursor:
        decode_jsonb(cursor)
        cursor.execute(
            f"SELECT {EVENT_COLUMNS} FROM es_events e WHERE stream_id = ANY(%s) "
            "ORDER BY stream_id, version",
            [ids],
        )
        for event in _events(cursor.fetchall()):
            out[event.stream_id].append(event)
    return out


def read_stream_prefixes(versions: Mapping[str, int]) -> dict[str, list[RecordedEvent]]:
    """Return the first `versions[stream_id]` events of each stream, in version order, in one
    query (what a projection folds to get back a state its rows do not hold)."""
    out: dict[str, list[RecordedEvent]] = {sid: [] for sid in versions}
    wanted = {sid: last for sid, last in versions.items() if last > 0}
    if not wanted:
        return out
    with connection.cursor() as cursor:
        decode_jsonb(cursor)
        cursor.execute(
            f"SELECT {EVENT_COLUMNS} FROM es_events e "
            "JOIN unnest(%s::text[], %s::bigint[]) AS bound(bound_stream, bound_version) "
            "ON e.stream_id = bound_stream AND e.version <= bound_version "
            "ORDER BY e.stream_id, e.version",
            [list(wanted), list(wanted.values())],
        )
        for event in _events(cursor.fetchall()):
            out[event.stream_id].append(event)
    return out


def streams_containing(type_name: str, data: dict[str, Any]) -> list[str]:
    """Return the ids of streams holding an event of `type_name` whose data contains `data`
    (jsonb containment on plain fields: sealed ones cannot match)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT stream_id FROM es_events WHERE type = %s AND data @> %s::jsonb "
            "ORDER BY stream_id",
            [type_name, _encode(data)],
        )
        return [row[0] for row in cursor.fetchall()]


def stream_version(stream_id: str) -> int:
    """Return a stream's current version (0 when it does not exist)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM es_streams WHERE stream_id = %s", [stream_id])
        row = cursor.fetchone()
    return row[0] if row else 0


class EventBatch(list):
    """The events `read_after` returned, in commit-safe order; `more` is True when the read
    stopped at its count or byte bound, so more events may follow."""

    more: bool = False


# A batch's type filter, written so that no index matches it (`type || ''`). Matched as a
# plain `type = ANY(...)`, the planner ANDed a bitmap of the type index with the commit-order
# range: the type index yields every event of those types ever stored, so a batch at the head
# read the whole index (2 ms at 40,000 events, growing with the store) to keep one or two.
# Filtered, the range is read through the commit-order index alone, in order.
_TYPES_MATCH = "({type} || '') = ANY(%s::text[])"


def read_after(
    checkpoint: Position,
    limit: int,
    types: Sequence[str] | None = None,
    *,
    horizon: int | None = None,
    partition=None,
    max_bytes: int | None = None,
    metadata_keys: Sequence[str] | None = None,
    tail: bool = False,
) -> EventBatch:
    """Return up to `limit` events after `checkpoint` in commit-safe order (of one projection
    partition's streams only, when `partition` is given: projections/partitions.py), and (with
    `max_bytes`) no more events once their data and metadata reach `max_bytes` bytes as
    stored (a value large enough to be compressed counts compressed; always at least one
    event, however large).

    Only transactions below `horizon` (by default the appenders' horizon, horizon.py) are
    read: every appender among them has ended, and any appender still running or yet to
    start has a larger id, so nothing can later appear behind the returned events.

    With `metadata_keys`, each event's metadata holds only those keys (null where the event
    has none): a projection reads the correlation id and little else, and decoding every
    event's whole metadata cost as much as a tenth of a catch-up.

    A partition's events are read one of two ways. By default, one ordered branch per bucket
    of the partition, merged: a reader far behind reads only its own events. With `tail` (a
    reader near the head, whose last batch was not full), through the commit-order index with
    the partition's buckets as a filter: the few events after the checkpoint are read once,
    and the query plans in microseconds, where the merge of sixteen branches took 1.4 ms to
    plan whatever it found.
    """
    if horizon is None:
        horizon = appenders_horizon()
    params: list[Any] = [str(checkpoint.tx), checkpoint.position, str(horizon)]
    type_filter = ""
    if types:
        type_filter = f"AND {_TYPES_MATCH.format(type='e.type')}"
        params.append(text_array(tuple(types)))
    params.append(limit)
    source, source_params = "es_events", []
    if partition is not None and partition.count > 1:
        if tail:
            # The partition's buckets, as partitions.py defines them: two numbers to send.
            type_filter += " AND e.bucket %% %s = %s"
            params[-1:-1] = [partition.count, partition.index]
        else:
            source, source_params = _buckets_in_order(partition.buckets, checkpoint, horizon,
                                                      types, limit)
    params = source_params + params
    columns, column_params = EVENT_COLUMNS, []
    if metadata_keys is not None:
        pairs = ", ".join("%s::text, e.metadata -> %s::text" for _ in metadata_keys)
        columns = EVENT_COLUMNS.replace("e.metadata,", f"jsonb_build_object({pairs}),")
        column_params = [key for key in metadata_keys for _ in range(2)]
    params = column_params + params
    where = (f"WHERE (e.tx, e.position) > (%s::text::xid8, %s) AND e.tx < %s::text::xid8 "
             f"{type_filter} ORDER BY e.tx, e.position LIMIT %s")
    if max_bytes is None:
        sql = f"SELECT {columns}, 0 FROM {source} e {where}"
    else:
        # A running sum over the index-ordered scan: the scan stops at the limit, and the
        # outer filter keeps the events that start below the byte bound. The stored size
        # (pg_column_size) costs nothing; measuring the JSON text would print it twice.
        size = "pg_column_size(e.data) + pg_column_size(e.metadata)"
        sql = (
            f"SELECT * FROM (SELECT {columns}, "
            f"sum({size}) OVER (ORDER BY e.tx, e.position ROWS UNBOUNDED PRECEDING) AS upto, "
            f"{size} AS size FROM {source} e {where}) batch WHERE upto - size < %s"
        )
        params.append(max_bytes)
    with connection.cursor() as cursor:
        decode_jsonb(cursor)
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if max_bytes is not None:
        # The filter keeps the scan's order in practice; sorting an ordered list is one pass.
        rows.sort(key=_commit_order)
    batch = EventBatch(_events(rows))
    batch.more = len(rows) == limit or bool(
        max_bytes is not None and rows and rows[-1][10] >= max_bytes)
    return batch


def _buckets_in_order(buckets: Sequence[int], checkpoint: Position, horizon: int,
                      types: Sequence[str] | None, limit: int) -> tuple[str, list[Any]]:
    """The events of these buckets after `checkpoint`, as one relation in commit order: a
    branch per bucket reads its range of the (bucket, tx, position) index in order, and
    PostgreSQL merges the branches (Merge Append), so a partition never reads the events of
    the others."""
    type_filter = f"AND {_TYPES_MATCH.format(type='type')}" if types else ""
    type_param = [text_array(tuple(types))] if types else []
    branches, params = [], []
    for bucket in buckets:
        branches.append(
            f"(SELECT * FROM es_events WHERE bucket = {int(bucket)} "
            "AND (tx, position) > (%s::text::xid8, %s) AND tx < %s::text::xid8 "
            f"{type_filter} ORDER BY tx, position LIMIT %s)")
        params += [str(checkpoint.tx), checkpoint.position, str(horizon),
                   *type_param, limit]
    return "(" + " UNION ALL ".join(branches) + ")", params


def scan_after(checkpoint: Position, limit: int, stream_types: Sequence[str], *,
               horizon: int) -> list[ScannedEvent]:
    """Return the next `limit` events after `checkpoint` in commit-safe order (transactions
    below `horizon` only, as read_after), each with its stream's type.

    Only events of `stream_types` come with their data and metadata (opened, one batch of
    keys); the others only say where they are, so a reader steps past them without loading
    them. `limit` bounds the rows scanned, whatever their type: a reader that wants few
    stream types never makes the database walk an unbounded stretch of the log."""
    types = sorted(set(stream_types))
    with connection.cursor() as cursor:
        decode_jsonb(cursor)
        cursor.execute(
            "SELECT s.stream_type, e.position, e.tx::text::bigint, e.stream_id, e.version, "
            "e.event_id, e.type, e.schema_version, "
            "CASE WHEN s.stream_type = ANY(%(types)s) THEN e.data END, "
            "CASE WHEN s.stream_type = ANY(%(types)s) THEN e.metadata END, e.recorded_at "
            "FROM (SELECT * FROM es_events WHERE (tx, position) > (%(tx)s::text::xid8, %(pos)s) "
            "      AND tx < %(horizon)s::text::xid8 ORDER BY tx, position LIMIT %(limit)s) e "
            "JOIN es_streams s ON s.stream_id = e.stream_id ORDER BY e.tx, e.position",
            {"types": types, "tx": str(checkpoint.tx), "pos": checkpoint.position,
             "horizon": str(horizon), "limit": limit},
        )
        rows = cursor.fetchall()
    wanted = set(types)
    opened = iter(_events([row[1:] for row in rows if row[0] in wanted]))
    return [ScannedEvent(stream_type=row[0], token=Position(row[2], row[1]),
                         record=next(opened) if row[0] in wanted else None)
            for row in rows]


def head() -> Position:
    """Return the position of the last event visible to commit-safe readers."""
    horizon = appenders_horizon()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.tx::text::bigint, e.position FROM es_events e WHERE e.tx < %s::text::xid8 "
            "ORDER BY e.tx DESC, e.position DESC LIMIT 1", [str(horizon)]
        )
        row = cursor.fetchone()
    return Position(row[0], row[1]) if row else Position(0, 0)
