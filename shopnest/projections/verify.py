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

from shopnest.eventstore import streams
from shopnest.projections import consistency
from shopnest.projections.aggregate import AggregateProjection

CHUNK = 500


@dataclass
class Report:
    projection: str
    checked: int = 0
    behind: int = 0
    differences: list[str] = field(default_factory=list)


def _keys(projection: AggregateProjection) -> Iterator[list]:
    aggregate = projection.aggregate
    with connection.cursor() as cursor:
        cursor.execute("SELECT stream_id FROM es_streams WHERE stream_type = %s ORDER BY 1",
                       [aggregate.stream_type])
        ids = [sid for (sid,) in cursor.fetchall()]
    for start in range(0, len(ids), CHUNK):
        yield [aggregate.key_of(sid) for sid in ids[start:start + CHUNK]]


def verify(projection: AggregateProjection) -> Report:
    """Compare every row of `projection` with a fresh fold of its stream."""
    report = Report(projection.name)
    checkpoint = consistency.checkpoints((projection.name,)).get(projection.name)
    for keys in _keys(projection):
        stored = projection.load(keys)
        for key in keys:
            fresh = streams.load(projection.aggregate, key)
            row = stored.get(key)
            report.checked += 1
            if row is None:
                if getattr(fresh.state, "exists", True):
                    if checkpoint is not None and _passed(projection, key, checkpoint):
                        report.differences.append(f"{key}: no row")
                    else:
                        report.behind += 1
                continue
            if row.version > fresh.version:
                report.differences.append(f"{key}: row v{row.version} beyond stream "
                                          f"v{fresh.version}")
                continue
            if row.version < fresh.version:
                report.behind += 1
                fresh = streams.load_at(projection.aggregate, key, row.version)
            if not getattr(fresh.state, "exists", True):
                report.differences.append(f"{key}: a row for a stream whose fold has none")
            elif row.state != fresh.state:
                report.differences.append(f"{key} v{row.version}: row differs from the fold")
    return report


def _passed(projection: AggregateProjection, key, checkpoint) -> bool:
    """Whether the projection's checkpoint is past the stream's last event."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (tx, position) <= (%s::text::xid8, %s) FROM es_events WHERE stream_id = %s "
            "ORDER BY version DESC LIMIT 1",
            [str(checkpoint.tx), checkpoint.position, projection.aggregate.stream_id(key)])
        row = cursor.fetchone()
    return bool(row and row[0])
