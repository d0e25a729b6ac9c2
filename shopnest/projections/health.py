"""How far behind each projection is, and whether its loop is alive."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db import connection

from shopnest.eventstore.horizon import oldest_appender_age
from shopnest.projections import registry
from shopnest.projections.partitions import Partition, partitions_of

# Counting lag stops here: past it the number is "a lot", and counting would cost more.
LAG_COUNT_CAP = 10_000


@dataclass(frozen=True)
class PartitionHealth:
    name: str
    status: str
    checkpoint: str
    heartbeat_age_seconds: float | None
    lag_events: int
    lag_seconds: float
    failures: int
    last_error: str
    # The event the failing batch stopped at ("stream vN at tx:position"); "" when none failed.
    failed_event: str

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ProjectionHealth(PartitionHealth):
    """A projection's health over its partitions: stalled if any is, the lowest checkpoint,
    the oldest heartbeat, the summed lag, and each partition's own figures."""

    partitions: tuple[PartitionHealth, ...] = ()

    def to_json(self) -> dict:
        out = asdict(self)
        out["partitions"] = [p.to_json() for p in self.partitions]
        return out


def partition_health(partition: Partition) -> PartitionHealth:
    projection = registry.get(partition.projection)
    partition_filter, partition_params = partition.sql_filter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tx, position, status, failures, last_error, failed_event, "
            "extract(epoch FROM now() - heartbeat_at) FROM shopnest_projection_state "
            "WHERE name = %s", [partition.key])
        row = cursor.fetchone() or (0, 0, "running", 0, "", "", None)
        tx, position, status, failures, last_error, failed_event, heartbeat_age = row
        cursor.execute(
            "SELECT count(*), coalesce(extract(epoch FROM now() - min(recorded_at)), 0) FROM "
            "(SELECT recorded_at FROM es_events WHERE (tx, position) > (%s::text::xid8, %s) "
            f"AND type = ANY(%s) {partition_filter} LIMIT %s) pending",
            [str(tx), position, list(projection.event_types), *partition_params,
             LAG_COUNT_CAP])
        lag_events, lag_seconds = cursor.fetchone()
    return PartitionHealth(
        name=partition.key, status=status, checkpoint=f"{tx}:{position}",
        heartbeat_age_seconds=None if heartbeat_age is None else round(float(heartbeat_age), 3),
        lag_events=int(lag_events), lag_seconds=round(float(lag_seconds), 3),
        failures=failures, last_error=last_error, failed_event=failed_event,
    )


def projection_health(name: str) -> ProjectionHealth:
    parts = tuple(partition_health(p) for p in partitions_of(registry.get(name)))
    beats = [p.heartbeat_age_seconds for p in parts]
    failing = sorted(parts, key=lambda p: (p.status != "stalled", -p.failures))[0]
    lowest = min(parts, key=lambda p: tuple(int(n) for n in p.checkpoint.split(":")))
    return ProjectionHealth(
        name=name,
        status="stalled" if any(p.status == "stalled" for p in parts) else parts[0].status,
        checkpoint=lowest.checkpoint,
        heartbeat_age_seconds=None if None in beats else max(beats),
        lag_events=min(sum(p.lag_events for p in parts), LAG_COUNT_CAP),
        lag_seconds=max(p.lag_seconds for p in parts),
        failures=failing.failures, last_error=failing.last_error,
        failed_event=failing.failed_event, partitions=parts,
    )


def all_projection_health() -> list[ProjectionHealth]:
    return [projection_health(p.name) for p in registry.all_projections()]


def oldest_appending_transaction_seconds() -> float:
    """Age of the oldest open transaction appending to the event store: the only kind that
    holds projections back (eventstore/horizon.py), so the cause of any lag."""
    return round(oldest_appender_age(), 3)


def oldest_writing_transaction_seconds() -> float:
    """Age of the oldest open transaction holding a transaction id anywhere on the server
    (for operators: it no longer holds projections back unless it appends)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(extract(epoch FROM max(now() - xact_start)), 0) "
            "FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()")
        return round(float(cursor.fetchone()[0]), 3)
