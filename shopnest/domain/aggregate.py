"""What an event-sourced aggregate is, and what a decision may know.

An aggregate is a stream type with an id scheme, the family of event classes its streams
hold, an initial state and `evolve(state, event) -> state`. Its `decide(state, command, ctx)`
lives beside it in the context's domain; the kernel loads, folds and appends generically
(shopnest/eventstore/streams.py) and knows nothing else about it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from shopnest.domain.claims import claim_key
from shopnest.domain.events import DomainEvent, person_key, registered_events

S = TypeVar("S")
K = TypeVar("K")


@dataclass(frozen=True)
class Aggregate(Generic[S, K]):
    """An aggregate's definition. Its streams are named `<stream_type>-<key>`."""

    stream_type: str
    initial: S
    evolve: Callable[[S, Any], S]
    # The family base of the aggregate's events (or a tuple of bases): every registered
    # subclass belongs to it.
    event_base: type[DomainEvent] | tuple[type[DomainEvent], ...]
    # Turns the key part of a stream id back into a key (ticket ids are ints).
    key_type: Callable[[str], K] = int  # type: ignore[assignment]
    # How a key names its stream: itself, or (claims) a keyed hash of it. A stream named by
    # the plain key before hashing began is still read, under `legacy_stream_key`.
    stream_key: Callable[[K], str] = str
    legacy_stream_key: Callable[[K], str] | None = None
    # Set when each stream is one person's own (a contact): an event of it that declares
    # PERSONAL fields but no PERSON field is that person's data (docs/erasure.md).
    person_kind: str | None = None

    @property
    def events(self) -> tuple[type[DomainEvent], ...]:
        """Return the aggregate's concrete event classes."""
        return tuple(c for c in registered_events() if issubclass(c, self.event_base))

    def stream_id(self, key: K) -> str:
        return f"{self.stream_type}-{self.stream_key(key)}"

    def person_of_stream(self, key: K) -> str | None:
        """Return the person whose own stream this key names (None: streams are no one's)."""
        return None if self.person_kind is None else person_key(self.person_kind, key)

    def legacy_stream_id(self, key: K) -> str | None:
        """Return the name this key's stream had before keys were hashed (None: unchanged)."""
        if self.legacy_stream_key is None:
            return None
        return f"{self.stream_type}-{self.legacy_stream_key(key)}"

    def key_of(self, stream_id: str) -> K:
        if self.stream_key is not str:
            raise ValueError(f"{self.stream_type} streams are named by a hash of their key")
        prefix = f"{self.stream_type}-"
        if not stream_id.startswith(prefix):
            raise ValueError(f"{stream_id!r} is not a {self.stream_type} stream")
        return self.key_type(stream_id[len(prefix):])

    def fold(self, events: Iterable[DomainEvent], state: S | None = None) -> S:
        """Return the state after applying `events`, in order, to `state` (initial by default)."""
        current = self.initial if state is None else state
        for event in events:
            current = self.evolve(current, event)
        return current


@dataclass(frozen=True)
class ClaimReleased(DomainEvent):
    """A claimed value is free again (an address was changed, a name was given up, a person
    was erased). Any claim stream may hold it; its state goes back to None."""

    TYPE: ClassVar[str] = "ClaimReleased"


def unique_claim(stream_type: str, claimed: type[DomainEvent], owner: str) -> Aggregate:
    """A claim stream per value (an e-mail address, a name): its state is the owner's id, or
    None while nobody holds it.

    Appending the claim at the stream's loaded version in the same transaction as the owner's
    creation (or rename) makes the value unique even when two requests race: the second append
    fails. Releasing appends `ClaimReleased`, so a value can change hands and the history of
    who held it stays in the stream.

    The stream is named by a keyed hash of the value (claims.py), so no stream id holds an
    e-mail address; the claimed event should not hold it in plain either (seal it as personal
    data, or leave it out). Claims made before hashing live in streams named by the value:
    `streams.load` still finds their owner there (see legacy_stream_key).
    """
    def evolve(current: Any, event: DomainEvent) -> Any:
        return None if isinstance(event, ClaimReleased) else getattr(event, owner)

    return Aggregate(stream_type=stream_type, initial=None, event_base=(claimed, ClaimReleased),
                     key_type=str, evolve=evolve, stream_key=claim_key, legacy_stream_key=str)


@dataclass(frozen=True)
class DecisionContext:
    """What a decision may know besides state and command, so that `decide` stays pure.

    `now` is the command's clock (UTC, `YYYY-MM-DDTHH:MM:SSZ`); `ids` are ids the handler
    allocated before deciding (by kind: "ticket", "conversation"); `refs` is what the handler
    looked up or computed outside the domain, by role: states of other aggregates the command
    refers to ("requester"), owners of claimed values, hashes of secrets. `ref()` insists on
    an entry; `refs.get()` is for entries that may rightly be absent.
    """

    now: str
    actor_id: int | None = None
    ids: Mapping[str, int] = field(default_factory=dict)
    refs: Mapping[str, Any] = field(default_factory=dict)

    def new_id(self, kind: str) -> int:
        try:
            return self.ids[kind]
        except KeyError:
            raise LookupError(f"the handler allocated no {kind} id for this decision") from None

    def ref(self, role: str) -> Any:
        try:
            return self.refs[role]
        except KeyError:
            raise LookupError(f"the handler loaded no {role} for this decision") from None
