"""Check read tables against the event store: every row must be what a fresh fold of its
stream gives, through the aggregate's own evolve, at the row's version.

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

CHUNK = 500


@dataclass
class Report:
    projection: str
    checked: int = 0
    behind: int = 0
    differences: list[str] = field(default_factory=list)


def stream_count(projection: AggregateProjection) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM es_streams WHERE stream_type = %s",
                       [projection.aggregate.stream_type])
        return cursor.fetchone()[0]


def _keys(projection: AggregateProjection) -> Iterator[list]:
    aggregate = projection.aggregate
    with connection.cursor() as cursor:
        cursor.execute("SELECT stream_id FROM es_streams WHERE stream_type = %s ORDER BY 1",
                       [aggregate.stream_type])
        ids = [sid for (sid,) in cursor.fetchall()]
    for start in range(0, len(ids), CHUNK):
        yield [aggregate.key_of(sid) for sid in ids[start:start + CHUNK]]


def verify(projection: AggregateProjection, progress=lambda n: None) -> Report:
    """Compare every row of `projection` with a fresh fold of its stream. Streams are read
    and folded a chunk at a time (one query per chunk, memory flat on any desk)."""
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
