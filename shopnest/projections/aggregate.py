"""A projection whose read rows hold an aggregate's whole state, folded with its own evolve.

Each batch: group the events by stream, load the touched streams' states from the rows
(`load`, a lossless decoding), fold the new events into them with the domain's `evolve`, and
write the states that moved (`save`). The read side therefore cannot disagree with a fresh
fold of the stream: there is one `evolve`, and the rows are its state, not a copy of part of
it. Events at or below a row's version were applied before (a redelivery) and are skipped.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from typing import Any, ClassVar

from shopnest.domain.aggregate import Aggregate
from shopnest.eventstore import streams
from shopnest.eventstore.records import RecordedEvent
from shopnest.eventstore.streams import Stream
from shopnest.projections.base import Projection

Change = tuple[Stream, Stream]  # (as stored, as folded now)


class ProjectionGap(RuntimeError):
    """An event arrived whose predecessor the row never saw: the read order is broken."""


class AggregateProjection(Projection):
    """Subclass, set `aggregate`, `name` and `tables`, implement `load` and `save`."""

    aggregate: ClassVar[Aggregate]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "aggregate" in cls.__dict__:
            # Every event of the aggregate is handled the same way: folded by its evolve.
            cls.handlers = {**cls.handlers, **dict.fromkeys(cls.aggregate.events, "apply")}

    @abstractmethod
    def load(self, keys: list[Any]) -> dict[Any, Stream]:
        """Return the stored state of each key that has rows (missing keys: none yet)."""

    @abstractmethod
    def save(self, changes: list[Change]) -> None:
        """Write each stream's new state (the old one is given to write only what moved)."""

    def apply(self, records: Sequence[RecordedEvent]) -> None:
        by_key: dict[Any, list[RecordedEvent]] = {}
        for record in records:
            by_key.setdefault(self.aggregate.key_of(record.stream_id), []).append(record)
        stored = self.load(list(by_key))
        changes: list[Change] = []
        for key, stream_records in by_key.items():
            before = stored.get(key) or streams.new(self.aggregate, key)
            after = before
            for record in stream_records:
                if record.version <= after.version:
                    continue  # applied by an earlier delivery of this batch
                if record.version != after.version + 1:
                    raise ProjectionGap(f"{record.stream_id}: event v{record.version} after "
                                        f"row v{after.version}")
                after = after.then([record.event])
            if after.version > before.version:
                changes.append((before, after))
        if changes:
            self.save(changes)
