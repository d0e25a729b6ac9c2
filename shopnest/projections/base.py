"""What a projection is: a named reader of typed events that writes its own read tables.

A projection declares, method by method, which event classes it handles (`@handles`); the
runner reads only those from the store, decodes and upcasts each once, and hands them over in
commit-safe order. Classes a projection does not declare never reach it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from shopnest.domain.events import DomainEvent
from shopnest.eventstore.records import RecordedEvent

_HANDLES = "_projection_handles"


def handles(*event_classes: type[DomainEvent]) -> Callable[[Callable], Callable]:
    """Mark a projection method as the handler of these event classes."""

    def mark(method: Callable) -> Callable:
        setattr(method, _HANDLES, event_classes)
        return method

    return mark


class Projection(ABC):
    """Subclass, set `name` and `tables`, declare handlers with `@handles`, implement `apply`.

    `apply` receives a batch in commit-safe order and writes the read tables with bulk
    upserts inside the runner's transaction. Rows carry the stream version they reflect, so
    an event at or below it is ignored and a redelivered batch changes nothing.
    """

    name: str = ""
    tables: tuple[str, ...] = ()
    # event class -> name of the method that handles it (collected from @handles).
    handlers: ClassVar[dict[type[DomainEvent], str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        found = dict(cls.handlers)
        for attr, member in vars(cls).items():
            for event_class in getattr(member, _HANDLES, ()):
                if event_class in found and found[event_class] != attr:
                    raise TypeError(f"{cls.__name__} handles {event_class.__name__} twice")
                found[event_class] = attr
        cls.handlers = found

    @property
    def event_classes(self) -> tuple[type[DomainEvent], ...]:
        return tuple(self.handlers)

    @property
    def event_types(self) -> tuple[str, ...]:
        """The stored type names of the handled classes (what the runner reads)."""
        return tuple(c.TYPE for c in self.event_classes)

    def handler_for(self, record: RecordedEvent) -> Callable[..., Any] | None:
        name = self.handlers.get(type(record.event))
        return getattr(self, name) if name else None

    @abstractmethod
    def apply(self, records: Sequence[RecordedEvent]) -> None:
        """Write the effect of `records` (each with its typed `.event`) to this projection's
        tables."""

    def __repr__(self) -> str:
        return f"<Projection {self.name}>"
