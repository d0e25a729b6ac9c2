"""Value objects passed into and out of the event store."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from shopnest.domain.events import DomainEvent, decode


@dataclass(frozen=True)
class NewEvent:
    """An event about to be appended: its type name, schema version and JSON data, in plain;
    the store seals its `personal` fields under `person`'s key as it appends (sealing.py)."""

    type: str
    data: dict[str, Any]
    schema_version: int = 1
    event_id: uuid.UUID = field(default_factory=uuid.uuid4)
    person: str | None = None
    personal: tuple[str, ...] = ()


@dataclass(frozen=True)
class StreamAppend:
    """Events for one stream, appended only if the stream is at `expected_version`.

    `expected_version` 0 means "the stream must not exist yet"; None skips the check.
    """

    stream_id: str
    stream_type: str
    expected_version: int | None
    events: tuple[NewEvent, ...]


@dataclass(frozen=True, order=True)
class Position:
    """Where an event sits in commit-safe order: (transaction id, insertion position)."""

    tx: int
    position: int

    def __str__(self) -> str:
        return f"{self.tx}:{self.position}"

    @classmethod
    def parse(cls, text: str) -> Position:
        tx, _, pos = text.partition(":")
        return cls(int(tx), int(pos))


ORIGIN = Position(0, 0)


@dataclass(frozen=True)
class AppendResult:
    """What one stream's append produced."""

    stream_id: str
    version: int
    first: Position
    last: Position
    duplicate: bool


@dataclass(frozen=True)
class RecordedEvent:
    """An event as stored, its personal fields opened (or erased) by the store's reader."""

    position: int
    tx: int
    stream_id: str
    version: int
    event_id: uuid.UUID
    type: str
    schema_version: int
    data: dict[str, Any]
    metadata: dict[str, Any]
    recorded_at: datetime

    @property
    def token(self) -> Position:
        return Position(self.tx, self.position)

    @cached_property
    def event(self) -> DomainEvent:
        """The typed domain event, found through the event registry and upcast (once)."""
        return decode(self.type, self.schema_version, self.data)


@dataclass(frozen=True)
class ScannedEvent:
    """An event a scan of the store passed (store.scan_after): where it sits and its stream's
    type, and the event itself (opened) only when its stream type was asked for."""

    stream_type: str
    token: Position
    record: RecordedEvent | None
