"""Domain events: facts in the past tense, declared once, stored as JSON, never rewritten.

An event class names itself in `TYPE` (the name stored beside its data, so it must never
change), its `SCHEMA_VERSION`, and `UPCASTERS` that turn the data of each older version into
the next one. Declaring the class registers it: the store's reader finds classes through this
one registry, and a second class with the same type name fails as the module is imported,
that is at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from functools import cache
from typing import Any, ClassVar, TypeVar

E = TypeVar("E", bound="DomainEvent")
Upcaster = Callable[[dict[str, Any]], dict[str, Any]]

_REGISTRY: dict[str, type[DomainEvent]] = {}

# What a required personal text reads as once its person was erased (optional fields read as
# their default). Domains that redact state on erasure use the same text, so a rebuilt row
# equals the row the erasure left.
ERASED_TEXT = "[erased]"


class DuplicateEventType(TypeError):
    """Two event classes claim the same stored type name."""


class UnknownEventType(LookupError):
    """A stored event names a type no class declares (or a schema version from the future)."""


def to_json_value(value: Any) -> Any:
    """Return `value` as fresh JSON-native data: tuples become lists, IntEnums plain ints."""
    if isinstance(value, bool) or value is None or isinstance(value, str | float):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, Mapping):
        return {key: to_json_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_json_value(item) for item in value]
    raise TypeError(f"{type(value).__name__} is not JSON data")


@dataclass(frozen=True)
class DomainEvent:
    """Base of every event: when it happened (`at`, UTC ISO-8601) and who did it.

    Subclasses that set `TYPE` are concrete events and are registered; a subclass without
    `TYPE` is a family base (for example all events of one aggregate).
    """

    TYPE: ClassVar[str] = ""
    SCHEMA_VERSION: ClassVar[int] = 1
    # {n: upcaster}: turns the data of schema version n into version n + 1.
    UPCASTERS: ClassVar[Mapping[int, Upcaster]] = {}
    # Personal data (docs/erasure.md): the fields holding what a person is or wrote, and the
    # field naming that person (an id of `PERSON_KIND`). The store seals those fields under
    # the person's own key, so destroying the key erases them from every copy of the history.
    PERSONAL: ClassVar[tuple[str, ...]] = ()
    PERSON: ClassVar[str] = ""
    PERSON_KIND: ClassVar[str] = "person"
    # Set on the events an erasure appends (docs/erasure.md). Their evolve redacts a state as
    # a fresh fold reads it once the key is gone; a state a process remembers from before is
    # still folded afresh from the store (shopnest/eventstore/state_cache.py), so no copy of
    # the erased data outlives the erasure, whatever that evolve leaves.
    REDACTS: ClassVar[bool] = False

    at: str = field(kw_only=True)
    actor_id: int | None = field(default=None, kw_only=True)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("TYPE"):
            _register(cls)

    def __post_init__(self) -> None:
        # Frozen, yet normalised once here so equality never depends on tuple-vs-list.
        for f in fields(self):
            object.__setattr__(self, f.name, to_json_value(getattr(self, f.name)))

    def person_of(self) -> str | None:
        """Return whose personal data this event holds ("contact:5"), or None: nobody's.

        An event whose author decides it (a reply is the customer's only when incoming)
        overrides this and `personal_fields`."""
        owner = getattr(self, self.PERSON) if self.PERSONAL and self.PERSON else None
        return None if owner is None else person_key(self.PERSON_KIND, owner)

    def personal_fields(self) -> tuple[str, ...]:
        """Return the fields sealed under `person_of()` (none when it is None)."""
        return self.PERSONAL if self.person_of() is not None else ()

    def to_data(self) -> dict[str, Any]:
        """Return the event's fields as a JSON-serialisable dict."""
        return {f.name: to_json_value(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_data(cls: type[E], data: Mapping[str, Any]) -> E:
        """Rebuild the event from `to_data` output; absent optional fields take defaults."""
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})


def person_key(kind: str, owner: Any) -> str:
    """Return the name a person's data key is kept under: "<kind>:<id>"."""
    return f"{kind}:{owner}"


def _register(cls: type[DomainEvent]) -> None:
    existing = _REGISTRY.get(cls.TYPE)
    same_class = existing is not None and (existing.__module__, existing.__qualname__) == (
        cls.__module__, cls.__qualname__)
    if existing is not None and not same_class:  # a module reload redefines, it does not clash
        raise DuplicateEventType(
            f"event type {cls.TYPE!r} is declared by {existing.__module__}.{existing.__qualname__}"
            f" and by {cls.__module__}.{cls.__qualname__}")
    missing = [v for v in range(1, cls.SCHEMA_VERSION) if v not in cls.UPCASTERS]
    if missing:
        raise TypeError(f"{cls.__qualname__} v{cls.SCHEMA_VERSION} has no upcaster from {missing}")
    _REGISTRY[cls.TYPE] = cls


def event_class(type_name: str) -> type[DomainEvent]:
    """Return the class declared for a stored type name."""
    try:
        return _REGISTRY[type_name]
    except KeyError:
        raise UnknownEventType(f"no event class declares type {type_name!r}") from None


def registered_events() -> tuple[type[DomainEvent], ...]:
    return tuple(_REGISTRY.values())


def decode(type_name: str, schema_version: int, data: Mapping[str, Any]) -> DomainEvent:
    """Return the typed event for stored data, upcast from its schema version to the current."""
    cls = event_class(type_name)
    if schema_version > cls.SCHEMA_VERSION:
        raise UnknownEventType(
            f"{type_name} v{schema_version} was written by a newer release (this one reads "
            f"up to v{cls.SCHEMA_VERSION})")
    if schema_version == cls.SCHEMA_VERSION:
        return _from_json(cls, data)
    current = dict(data)
    for version in range(schema_version, cls.SCHEMA_VERSION):
        current = cls.UPCASTERS[version](current)
    return cls.from_data(current)  # an upcaster may write tuples: normalised by the class


@cache
def _stored_shape(cls: type[DomainEvent]
                  ) -> tuple[frozenset[str], dict[str, Any], tuple, frozenset[str]] | None:
    """The names of the fields of `cls`, the defaults of those that have one, the factories
    of those that make theirs, and the required names; None when the class normalises its
    fields itself (its own __post_init__), so the stored data must go through it."""
    if cls.__post_init__ is not DomainEvent.__post_init__:
        return None
    every = fields(cls)
    return (frozenset(f.name for f in every),
            {f.name: f.default for f in every if f.default is not MISSING},
            tuple((f.name, f.default_factory) for f in every
                  if f.default_factory is not MISSING),
            frozenset(f.name for f in every
                      if f.default is MISSING and f.default_factory is MISSING))


def _from_json(cls: type[E], data: Mapping[str, Any]) -> E:
    """`cls.from_data(data)` for data read from JSON, without normalising it again: JSON
    holds no tuples or enums, so every value is already what __post_init__ would make it.
    Events are frozen and never changed, so they may share the data's lists and objects."""
    shape = _stored_shape(cls)
    if shape is None:
        return cls.from_data(data)
    names, defaults, factories, required = shape
    values = dict(defaults)
    for name, value in data.items():
        if name in names:
            values[name] = value
    for name, factory in factories:
        if name not in values:
            values[name] = factory()
    if not required <= values.keys():
        return cls.from_data(data)  # a required field is missing: the constructor says so
    event = object.__new__(cls)
    event.__dict__.update(values)
    return event
