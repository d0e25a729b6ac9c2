"""A projection whose read rows hold an aggregate's whole state, folded with its own evolve.

Each batch: group the events by stream, get the touched streams' states (from the rows, a
lossless decoding, or from what this process wrote last), fold the new events into them with
the domain's `evolve`, and write the states that moved (`save`). The read side therefore
cannot disagree with a fresh fold of the stream: there is one `evolve`, and the rows are its
state, not a copy of part of it. Events at or below a row's version were applied before (a
redelivery) and are skipped.
"""

from __future__ import annotations

from abc import abstractmethod
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from shopnest.domain.aggregate import Aggregate
from shopnest.domain.events import DomainEvent
from shopnest.eventstore import streams
from shopnest.eventstore.records import RecordedEvent
from shopnest.eventstore.streams import Stream
from shopnest.projections.base import Projection, blame

Change = tuple[Stream, Stream]  # (as stored, as folded now)


class ProjectionGap(RuntimeError):
    """An event arrived whose predecessor the row never saw: the read order is broken."""


def _first_alone(records: Sequence[RecordedEvent]) -> bool:
    return len(records) == 1 and records[0].version == 1


class AggregateProjection(Projection):
    """Subclass, set `aggregate`, `name` and `tables`; implement `stored_versions`, `load`
    and `save`. Every event of the aggregate is handled the same way: folded by its evolve."""

    aggregate: ClassVar[Aggregate]
    # States this process wrote last, by key. A row still at that version holds exactly that
    # state (a fold is deterministic), so a hot stream is not decoded again from its rows,
    # whatever their number (a ticket with thousands of conversations).
    remembered_streams: ClassVar[int] = 1000
    # Whether a stream whose batch holds its first event alone is written without reading
    # its rows (a create costs no query): only where that event's state writes nothing but
    # rows its version guards (save's upserts), so a redelivered first event changes
    # nothing. Not where save writes unguarded rows (an account's user row).
    first_event_unread: ClassVar[bool] = False

    def __init__(self) -> None:
        self._written: OrderedDict[Any, Stream] = OrderedDict()

    @property
    def event_classes(self) -> tuple[type[DomainEvent], ...]:
        return self.aggregate.events

    @abstractmethod
    def stored_versions(self, keys: list[Any]) -> dict[Any, int]:
        """Return the version of each key's rows (missing keys have none yet)."""

    @abstractmethod
    def load(self, keys: list[Any]) -> dict[Any, Stream]:
        """Return the state the rows of each key hold."""

    @abstractmethod
    def save(self, changes: list[Change]) -> None:
        """Write each stream's new state (the old one is given to write only what moved)."""

    def apply(self, records: Sequence[RecordedEvent]) -> None:
        by_key: dict[Any, list[RecordedEvent]] = {}
        for record in records:
            by_key.setdefault(self.aggregate.key_of(record.stream_id), []).append(record)
        stored = self._stored([key for key, records in by_key.items()
                               if not (self.first_event_unread and _first_alone(records))])
        changes: list[Change] = []
        evolve = self.aggregate.evolve
        for key, stream_records in by_key.items():
            before = stored.get(key) or streams.new(self.aggregate, key)
            state, version = before.state, before.version
            for record in stream_records:
                if record.version <= version:
                    continue  # applied by an earlier delivery of this batch
                try:
                    if record.version != version + 1:
                        raise ProjectionGap(f"{record.stream_id}: event v{record.version} "
                                            f"after row v{version}")
                    state = evolve(state, record.event)
                except Exception as exc:
                    blame(exc, record)
                    raise
                version += 1
            if version > before.version:
                # One Stream per stream of the batch, not one per event (Stream.then).
                changes.append((before, Stream(self.aggregate, key, state, version,
                                               before.named)))
        if changes:
            self.save(changes)
            self._remember(after for _, after in changes)

    def _stored(self, keys: list[Any]) -> dict[Any, Stream]:
        if not keys:
            return {}
        versions = self.stored_versions(keys)
        known = {key: self._written[key] for key, version in versions.items()
                 if key in self._written and self._written[key].version == version}
        return {**self.load([key for key in versions if key not in known]), **known}

    def _remember(self, written: Iterable[Stream]) -> None:
        # If the batch's transaction rolls back, a remembered state is simply not matched by
        # any row version until some writer (folding the same events) reaches it.
        for stream in written:
            self._written[stream.key] = stream
            self._written.move_to_end(stream.key)
        while len(self._written) > self.remembered_streams:
            self._written.popitem(last=False)
