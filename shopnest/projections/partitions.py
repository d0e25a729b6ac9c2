"""Partitions: how a projection is shared by many runners, each stream still applied in order.

Every stream hashes into one of `BUCKETS` fixed buckets (the first byte of the md5 of its id,
which Python and PostgreSQL compute alike). A projection that opts in (`partitionable`) runs
as `PROJECTION_PARTITIONS` partitions; partition `p` of `P` owns the buckets `b` with
`b % P == p`, and has its own checkpoint row and its own locks. Any number of Celery workers
on any number of machines take whichever partition is free; since a stream lives in one
bucket, one runner at a time applies it, in order.

Locks are taken per bucket, not per partition: a runner locks every bucket it owns. Two
deployments that disagree on the partition count for a while (a rolling restart) therefore
never apply the same stream at once, and each new partitioning starts from the lowest
checkpoint of the old one (rows carry versions, so what is read twice changes nothing).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

BUCKETS = 64
# PostgreSQL computes the same as es_events' generated `bucket` column (migration
# shopnest/0010), indexed with the commit order.


def bucket_of(stream_id: str) -> int:
    return hashlib.md5(stream_id.encode("utf-8", "surrogatepass")).digest()[0] & (BUCKETS - 1)


@dataclass(frozen=True, order=True)
class Partition:
    projection: str
    index: int
    count: int
    # Which build of the projection's tables: "" the live one readers see; a rebuild
    # (rebuild.py) runs as "next", with checkpoints and locks of its own.
    build: str = ""

    @property
    def family(self) -> str:
        """The name its checkpoint rows share, whatever the partitioning."""
        return f"{self.projection}@{self.build}" if self.build else self.projection

    @property
    def key(self) -> str:
        """The checkpoint row's name. A projection in one partition keeps its plain name (so
        the rows of a desk that ran before partitions stay its checkpoint)."""
        if self.count == 1:
            return self.family
        return f"{self.family}:{self.index}/{self.count}"

    @property
    def buckets(self) -> tuple[int, ...]:
        return tuple(b for b in range(BUCKETS) if b % self.count == self.index)

    def owns(self, stream_id: str) -> bool:
        return bucket_of(stream_id) % self.count == self.index

    def sql_filter(self) -> tuple[str, list]:
        """A WHERE fragment (and its parameters) keeping only this partition's streams."""
        if self.count == 1:
            return "", []
        return "AND bucket %% %s = %s", [self.count, self.index]

    def lock_keys(self) -> list[str]:
        return [f"projection:{self.family}:{b}" for b in self.buckets]

    def __str__(self) -> str:
        return self.key


def configured_count() -> int:
    count = int(getattr(settings, "SHOPNEST_PROJECTION_PARTITIONS", 1))
    if not 1 <= count <= BUCKETS:
        raise ImproperlyConfigured(f"PROJECTION_PARTITIONS must be 1 to {BUCKETS}, not {count}")
    return count


def partitions_of(projection, build: str = "") -> list[Partition]:
    """The partitions `projection` runs as under the current settings."""
    count = configured_count() if projection.partitionable else 1
    return [Partition(projection.name, index, count, build) for index in range(count)]


def partition_of(projection, stream_id: str) -> Partition:
    """The partition that applies `stream_id`'s events to `projection`."""
    count = configured_count() if projection.partitionable else 1
    return Partition(projection.name, bucket_of(stream_id) % count, count)
