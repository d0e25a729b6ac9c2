"""Check read tables against the event store: every row must be what a fresh fold of its
stream gives, through the aggregate's own evolve, at the row's version.

Two kinds of projection can be checked. An AggregateProjection's rows hold each stream's
state: they must equal the fold at the version they carry. A HistoryProjection's rows hold an
entry per event: the entries stored for a stream must be those a fresh fold of its events
makes, every one of them, up to the last version stored.

Rows a projection has not reached yet are counted as behind, not as wrong: the check can run
on a live desk. A row that differs, a row missing for a stream the projection has passed, or
a row for a stream whose fold has no such thing (an erased contact) is a difference.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connection

from shopnest.eventstore import store
from shopnest.projections import consistency
from shopnest.projections.aggregate import AggregateProjection
from shopnest.projections.base import Projection
from shopnest.projections.history import HistoryProjection

CHUNK = 500


@dataclass
class Report:
    projection: str
    checked: int = 0
    behind: int = 0
    differences: list[str] = field(default_factory=list)


def stream_count(projection: AggregateProjection | HistoryProjection) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM es_streams WHERE stream_type = %s",
                       [projection.aggregate.stream_type])
        return cursor.fetchone()[0]


def verifiable(projection: Projection) -> bool:
    """Whether `verify` knows how to compare this projection's rows with a fresh fold."""
    return isinstance(projection, AggregateProjection | HistoryProjection)


def _keys(projection: AggregateProjection | HistoryProjection) -> Iterator[list]:
    aggregate = projection.aggregate
    with connection.cursor() as cursor:
        cursor.execute("SELECT stream_id FROM es_streams WHERE stream_type = %s ORDER BY 1",
                       [aggregate.stream_type])
        ids = [sid for (sid,) in cursor.fetchall()]
    for start in range(0, len(ids), CHUNK):
        yield [aggregate.key_of(sid) for sid in ids[start:start + CHUNK]]


def verify(projection: AggregateProjection | HistoryProjection, progress=lambda n: None
           ) -> Report:
    """Compare every row of `projection` with a fresh fold of its stream. Streams are read
    and folded a chunk at a time (one query per chunk, memory flat on any desk)."""
    if isinstance(projection, HistoryProjection):
        return _verify_history(projection, progress)
    if not isinstance(projection, AggregateProjection):
        raise TypeError(f"{projection.name} is neither an aggregate nor a history projection")
    report = Report(projection.name)
    aggregate = projection.aggregate
    checkpoint = consistency.checkpoints((projection.name,)).get(projection.name)
    for keys in _keys(projection):
        stored = projection.load(keys)
        recorded = store.read_streams([aggregate.stream_id(key) for key in keys])
        for key in keys:
            events = recorded[aggregate.stream_id(key)]
            _compare(report, projection, key, stored.get(key), events, checkpoint)
        progress(len(keys))
    return report


def _compare(report: Report, projection, key, row, events, checkpoint) -> None:
    aggregate = projection.aggregate
    report.checked += 1
    version = len(events) if row is None or row.version > len(events) else row.version
    fresh = aggregate.fold(r.event for r in events[:version])
    if row is None:
        if getattr(fresh, "exists", True):
            passed = checkpoint is not None and events and events[-1].token <= checkpoint
            if passed:
                report.differences.append(f"{key}: no row")
            else:
                report.behind += 1
        return
    if row.version > len(events):
        report.differences.append(f"{key}: row v{row.version} beyond stream v{len(events)}")
        return
    if row.version < len(events):
        report.behind += 1
    if not getattr(fresh, "exists", True):
        report.differences.append(f"{key}: a row for a stream whose fold has none")
    elif row.state != fresh:
        report.differences.append(f"{key} v{row.version}: row differs from the fold")


def _verify_history(projection: HistoryProjection, progress) -> Report:
    """Compare every stored entry of `projection` with a fresh fold of its stream's events."""
    report = Report(projection.name)
    checkpoint = consistency.checkpoints((projection.name,)).get(projection.name)
    aggregate = projection.aggregate
    for keys in _keys(projection):
        stored = projection.stored_entries(keys)
        heads = _stream_versions([aggregate.stream_id(key) for key in keys])
        reached = {aggregate.stream_id(key): max(stored[key]) for key in keys if stored.get(key)}
        events = store.read_stream_prefixes(reached)
        for key in keys:
            report.checked += 1
            entries, head = stored.get(key), heads.get(aggregate.stream_id(key), 0)
            if not entries:
                if checkpoint is not None and _passed(projection, key, checkpoint):
                    report.differences.append(f"{key}: no rows")
                else:
                    report.behind += 1
                continue
            last = max(entries)
            if last > head:
                report.differences.append(f"{key}: rows reach v{last} beyond stream v{head}")
                continue
            if last < head:
                report.behind += 1
            _, fresh = projection.history(key, events[aggregate.stream_id(key)])
            wrong = sorted(v for v in fresh.keys() | entries.keys()
                           if fresh.get(v) != entries.get(v))
            if wrong:
                report.differences.append(f"{key}: {len(wrong)} rows differ from the fold, "
                                          f"first at v{wrong[0]}")
        progress(len(keys))
    return report


def _stream_versions(stream_ids: list[str]) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT stream_id, version FROM es_streams WHERE stream_id = ANY(%s)",
                       [stream_ids])
        return dict(cursor.fetchall())


def _passed(projection: AggregateProjection | HistoryProjection, key, checkpoint) -> bool:
    """Whether the projection's checkpoint is past the stream's last event."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (tx, position) <= (%s::text::xid8, %s) FROM es_events WHERE stream_id = %s "
            "ORDER BY version DESC LIMIT 1",
            [str(checkpoint.tx), checkpoint.position, projection.aggregate.stream_id(key)])
        row = cursor.fetchone()
    return bool(row and row[0])
