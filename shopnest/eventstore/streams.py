"""Load an aggregate's stream into state, and turn decided events into its next append.

Written once for every aggregate: a handler loads the stream, calls its domain's `decide`,
and appends what came back at the version it loaded (a lost race is a ConcurrencyError, which
the mediator re-decides or reports). A load folds only what is new onto the state this
process remembers of the stream (state_cache.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from shopnest.domain.aggregate import Aggregate
from shopnest.domain.errors import PreconditionFailed
from shopnest.domain.events import DomainEvent
from shopnest.eventstore import store
from shopnest.eventstore.records import NewEvent, StreamAppend
from shopnest.eventstore.state_cache import STATES, Remembered
from shopnest.mediator.results import Decision

S = TypeVar("S")


@dataclass(frozen=True)
class Stream(Generic[S]):
    """One aggregate's stream as of `version` events, folded into `state`."""

    aggregate: Aggregate
    key: Any
    state: S
    version: int = 0
    # The stream's id when its key does not name it: a claim held in a stream named before
    # claim keys were hashed (it goes on there), or a claim stream found by its id.
    named: str | None = None

    @property
    def stream_id(self) -> str:
        return self.named or self.aggregate.stream_id(self.key)

    def then(self, events: Sequence[DomainEvent]) -> Stream[S]:
        """Return the stream as it will be once `events` are appended."""
        return Stream(self.aggregate, self.key, self.aggregate.fold(events, self.state),
                      self.version + len(events), self.named)

    def append(self, events: Sequence[DomainEvent]) -> StreamAppend:
        """Return the append of `events`, valid only while the stream is still at `version`."""
        return StreamAppend(self.stream_id, self.aggregate.stream_type, self.version,
                            new_events(events, stream_person=self._person()))

    def _person(self) -> str | None:
        return None if self.key is None else self.aggregate.person_of_stream(self.key)

    def decided(self, events: Sequence[DomainEvent], result: Callable[[Stream[S]], dict],
                *, also: Sequence[StreamAppend] = ()) -> Decision:
        """Return the handler's Decision: append `events` (after the appends in `also`) and
        answer with `result` of the stream as they leave it. No events, no append."""
        appends = (*also, self.append(events)) if events else tuple(also)
        return Decision(appends=appends, result=result(self.then(events)))


def new_events(events: Iterable[DomainEvent], *, stream_person: str | None = None
               ) -> tuple[NewEvent, ...]:
    """Return the events as the store appends them; whose personal data each holds travels
    with it, and the store seals those fields (shopnest/eventstore/sealing.py).
    `stream_person` owns the stream (a contact's own): an event declaring PERSONAL fields
    without a PERSON field of its own is theirs."""
    return tuple(_new_event(e, *_personal_data(e, stream_person)) for e in events)


def _new_event(event: DomainEvent, person: str | None, personal: tuple[str, ...]) -> NewEvent:
    return NewEvent(type(event).TYPE, event.to_data(), type(event).SCHEMA_VERSION,
                    person=person, personal=personal)


def _personal_data(event: DomainEvent, stream_person: str | None
                   ) -> tuple[str | None, tuple[str, ...]]:
    person = event.person_of()
    if person is not None:
        return person, event.personal_fields()
    if stream_person is not None and event.PERSONAL and not event.PERSON:
        return stream_person, event.PERSONAL
    return None, ()


def new(aggregate: Aggregate, key: Any) -> Stream:
    """A stream that cannot exist yet (its key was just allocated): nothing to read."""
    return Stream(aggregate, key, aggregate.initial, 0)


Tails = dict[str, tuple[Any, list]]


def tails(streams: Iterable[tuple[Aggregate, Any]]) -> Tails:
    """What is new after the remembered state of each of these streams, read in one query
    for all of them: a handler that will load several streams passes it to each `load`
    (streams this process remembers nothing of are left out, and loaded as ever)."""
    versions = {}
    for aggregate, key in streams:
        stream_id = aggregate.stream_id(key)
        remembered = STATES.get(aggregate, stream_id)
        if remembered is not None:
            versions[stream_id] = remembered.version
    return store.read_streams_from(versions)


def remembered_state(aggregate: Aggregate, key: Any) -> Any | None:
    """The state this process remembers of a stream (None: nothing), to guess which other
    stream a handler will load next and read both tails at once (`tails`)."""
    remembered = STATES.get(aggregate, aggregate.stream_id(key))
    return None if remembered is None else remembered.state


def load(aggregate: Aggregate, key: Any, *, expected_version: int | None = None,
         read: Tails | None = None) -> Stream:
    """Fold the stream of `key`; with `expected_version` (a client's If-Match), refuse a stream
    that exists at another version. `read`: tails read already (`tails`)."""
    stream = _folded(aggregate, key, read)
    if not stream.version:
        stream = _legacy(aggregate, key) or stream
    if expected_version is not None and stream.version and stream.version != expected_version:
        raise PreconditionFailed(
            f"The {aggregate.stream_type} was changed since you read it (ETag mismatch)")
    return stream


def _folded(aggregate: Aggregate, key: Any, read: Tails | None = None) -> Stream:
    """The stream folded to its last event: what is new folded onto the state this process
    remembers of it, when that is still good (state_cache.py), else the whole stream."""
    stream_id = aggregate.stream_id(key)
    remembered = STATES.get(aggregate, stream_id)
    if remembered is not None:
        # The remembered version's event, to check, and whatever followed it (read with
        # other streams' when the tail was read for this very version).
        tail = (read or {}).get(stream_id)
        at_version, recorded = (tail if tail is not None and _read_at(tail, remembered)
                                else store.read_stream_from(stream_id, remembered.version))
        if at_version == remembered.last_event_id:
            events = [r.event for r in recorded]
            if not any(e.REDACTS for e in events):
                if not recorded:
                    return Stream(aggregate, key, remembered.state, remembered.version)
                return _remember(Stream(aggregate, key, aggregate.fold(events, remembered.state),
                                        recorded[-1].version), recorded[-1].event_id)
        STATES.forget(stream_id)
    recorded = store.read_stream(stream_id)
    stream = Stream(aggregate, key, aggregate.fold(r.event for r in recorded), len(recorded))
    return _remember(stream, recorded[-1].event_id) if recorded else stream


def _read_at(tail: tuple[Any, list], remembered: Remembered) -> bool:
    # A tail read for an older remembered version (another load in between) is not used.
    at_version, recorded = tail
    return at_version == remembered.last_event_id and (
        not recorded or recorded[0].version == remembered.version + 1)


def _remember(stream: Stream, last_event_id: Any) -> Stream:
    STATES.put(stream.stream_id, Remembered(stream.aggregate, stream.version, last_event_id,
                                            stream.state))
    return stream


def _legacy(aggregate: Aggregate, key: Any) -> Stream | None:
    """The stream under its pre-hashing name, if it holds something (a claim made before claim
    keys were hashed still has its owner there); a released one is left for the new name."""
    named = aggregate.legacy_stream_id(key)
    if named is None:
        return None
    recorded = store.read_stream(named)
    state = aggregate.fold(r.event for r in recorded)
    if state == aggregate.initial:
        return None
    return Stream(aggregate, key, state, len(recorded), named)


def load_named(aggregate: Aggregate, stream_id: str) -> Stream:
    """Fold a stream found by its id rather than its key (a claim stream, whose key is only
    a hash); its key is unknown (None)."""
    recorded = store.read_stream(stream_id)
    return Stream(aggregate, None, aggregate.fold(r.event for r in recorded), len(recorded),
                  stream_id)


def load_at(aggregate: Aggregate, key: Any, version: int) -> Stream:
    """The stream as it was after its first `version` events (what a client saw then)."""
    recorded = [r for r in store.read_stream(aggregate.stream_id(key)) if r.version <= version]
    return Stream(aggregate, key, aggregate.fold(r.event for r in recorded), len(recorded))
