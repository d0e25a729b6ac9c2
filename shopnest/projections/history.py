"""A projection whose read rows tell each stream's history: one entry per event, made from the
aggregate's state just before and just after that event (folded with its own evolve).

An entry needs the state before its event, and the rows hold what each event changed, not
the state. So the projection keeps the state itself, at the last version its rows reach: the
state this process folded last (remembered by stream), or, when it does not hold the stream
at that version (after a restart, or another process wrote since), a fresh fold of the
stream's first events up to that version, read for every such stream of a batch in one
query. Reading the state from another projection's rows instead would not do: that
projection moves on its own checkpoint, ahead of this one or behind it, so its rows hold
some other version.

- Redelivery: events at or below the version a stream's rows reach are skipped, and entries
  are written insert-if-absent under their (stream, version) key, so a batch applied twice
  changes nothing.
- Partial batches: a batch may end anywhere in a stream (in the middle of one command's
  events); the next one starts from the version the rows reach, with the state at exactly
  that version, so nothing is counted twice or lost.
- Rewriting events (`rewrites_history`): after some events the earlier entries would no
  longer read as a fresh fold reads them; after an erasure the erased person's sealed
  fields read as placeholders in every earlier event. A batch holding one derives all of its
  stream's entries again, from the store, and replaces the old ones: the rows equal what a
  rebuild from position zero would write, and keep nothing the fold no longer shows.
"""

from __future__ import annotations

from abc import abstractmethod
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from shopnest.domain.aggregate import Aggregate
from shopnest.domain.events import DomainEvent
from shopnest.eventstore import store, streams
from shopnest.eventstore.records import RecordedEvent
from shopnest.eventstore.streams import Stream
from shopnest.projections.aggregate import ProjectionGap
from shopnest.projections.base import Projection

# One stream's entries, by the version of the event each tells.
Entries = dict[int, Any]


class HistoryProjection(Projection):
    """Subclass, set `aggregate`, `name` and `tables` (and `rewrites_history` if any event
    needs it); implement `entry`, `stored_versions`, `insert`, `replace` and
    `stored_entries`. Every event of the aggregate is handled: each is one entry."""

    aggregate: ClassVar[Aggregate]
    rewrites_history: ClassVar[tuple[type[DomainEvent], ...]] = ()
    # States this process folded last, by key (as AggregateProjection remembers its rows).
    remembered_streams: ClassVar[int] = 1000

    def __init__(self) -> None:
        self._states: OrderedDict[Any, Stream] = OrderedDict()

    @property
    def event_classes(self) -> tuple[type[DomainEvent], ...]:
        return self.aggregate.events

    @abstractmethod
    def entry(self, record: RecordedEvent, before: Any, after: Any) -> Any:
        """Return what `record` tells, given the stream's state before and after it."""

    @abstractmethod
    def stored_versions(self, keys: list[Any]) -> dict[Any, int]:
        """Return the version of each key's last stored entry (missing keys have none)."""

    @abstractmethod
    def insert(self, entries: dict[Any, Entries]) -> None:
        """Store these new entries; an entry already stored under its key and version stays."""

    @abstractmethod
    def replace(self, histories: dict[Any, Entries]) -> None:
        """Make these entries the whole stored history of each of their keys."""

    @abstractmethod
    def stored_entries(self, keys: list[Any]) -> dict[Any, Entries]:
        """Return the stored entries of each key, as `entry` made them (for verification)."""

    def history(self, key: Any, records: Iterable[RecordedEvent],
                start: Stream | None = None) -> tuple[Stream, Entries]:
        """Fold `records` (the stream's next events, in order) from `start` (the stream's
        beginning by default); return the stream after them and the entry of each."""
        stream = start or streams.new(self.aggregate, key)
        entries: Entries = {}
        for record in records:
            if record.version != stream.version + 1:
                raise ProjectionGap(f"{record.stream_id}: event v{record.version} after "
                                    f"v{stream.version}")
            after = stream.then([record.event])
            entries[record.version] = self.entry(record, stream.state, after.state)
            stream = after
        return stream, entries

    def apply(self, records: Sequence[RecordedEvent]) -> None:
        by_key: dict[Any, list[RecordedEvent]] = {}
        for record in records:
            by_key.setdefault(self.aggregate.key_of(record.stream_id), []).append(record)
        # A stream whose batch starts at its first event has no earlier entry to read, unless
        # this is a redelivery: then its entries go in insert-if-absent and change nothing.
        # Not so a rewrite, which replaces the stored history: its versions are read.
        unsure = [key for key, recs in by_key.items()
                  if recs[0].version != 1 or self._rewrites(recs)]
        versions = self.stored_versions(unsure) if unsure else {}
        new = {key: [r for r in recs if r.version > versions.get(key, 0)]
               for key, recs in by_key.items()}
        new = {key: recs for key, recs in new.items() if recs}
        rewrite = {key for key, recs in new.items() if self._rewrites(recs)}
        starts = self._states_at({key: versions.get(key, 0) for key in new if key not in rewrite})
        added: dict[Any, Entries] = {}
        ended: list[Stream] = []
        for key, start in starts.items():
            stream, added[key] = self.history(key, new[key], start)
            ended.append(stream)
        replaced: dict[Any, Entries] = {}
        prefixes = self._prefixes({key: new[key][-1].version for key in rewrite})
        for key in rewrite:
            stream, replaced[key] = self.history(key, prefixes[key])
            ended.append(stream)
        if added:
            self.insert(added)
        if replaced:
            self.replace(replaced)
        self._remember(ended)

    def _rewrites(self, records: Sequence[RecordedEvent]) -> bool:
        return any(isinstance(r.event, self.rewrites_history) for r in records)

    def _states_at(self, versions: dict[Any, int]) -> dict[Any, Stream]:
        """Each key's stream at exactly `versions[key]`: remembered, or folded afresh."""
        known = {key: self._states[key] for key, version in versions.items()
                 if key in self._states and self._states[key].version == version}
        missing = {key: version for key, version in versions.items() if key not in known}
        folded = {}
        for key, records in self._prefixes(missing).items():
            stream = Stream(self.aggregate, key, self.aggregate.fold(r.event for r in records),
                            len(records))
            if stream.version != missing[key]:
                raise ProjectionGap(f"{self.aggregate.stream_id(key)}: rows reach "
                                    f"v{missing[key]}, the store holds v{stream.version}")
            folded[key] = stream
        return {key: known.get(key) or folded[key] for key in versions}

    def _prefixes(self, versions: dict[Any, int]) -> dict[Any, list[RecordedEvent]]:
        by_stream = store.read_stream_prefixes(
            {self.aggregate.stream_id(key): version for key, version in versions.items()})
        return {key: by_stream[self.aggregate.stream_id(key)] for key in versions}

    def _remember(self, written: Iterable[Stream]) -> None:
        # If the batch rolls back, a remembered state is simply not matched by the version
        # the rows reach until some writer (folding the same events) reaches it.
        for stream in written:
            self._states[stream.key] = stream
            self._states.move_to_end(stream.key)
        while len(self._states) > self.remembered_streams:
            self._states.popitem(last=False)
