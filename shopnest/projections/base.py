"""What a projection is: a named reader of typed events that writes its own read tables.

A projection declares, method by method, which event classes it handles (`@handles`); the
runner reads only those from the store, decodes and upcasts each once, and hands them over in
commit-safe order. Classes a projection does not declare never reach it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, ClassVar

from shopnest.domain.events import DomainEvent
from shopnest.eventstore.records import RecordedEvent

_HANDLES = "_projection_handles"


def blame(exc: BaseException, record: RecordedEvent) -> None:
    """Note on `exc` the event it was raised for (the first note stays), so that the runner
    records which event a failed batch stopped at, not only the error."""
    if getattr(exc, "failed_record", None) is None:
        exc.failed_record = record


def failed_record(exc: BaseException) -> RecordedEvent | None:
    return getattr(exc, "failed_record", None)


def _blaming(handler: Callable, event: DomainEvent, record: RecordedEvent) -> Any:
    try:
        return handler(event, record)
    except Exception as exc:
        blame(exc, record)
        raise


def handles(*event_classes: type[DomainEvent]) -> Callable[[Callable], Callable]:
    """Mark a projection method `(self, event, record)` as the handler of these classes."""

    def mark(method: Callable) -> Callable:
        setattr(method, _HANDLES, event_classes)
        return method

    return mark


class Projection:
    """Subclass, set `name` and `tables`, and declare a handler per event class (`@handles`).

    The default `apply` calls each event's handler in order; a projection that writes a
    batch at once (bulk upserts) overrides `apply` and calls `handler_for(record)` itself.
    Everything runs inside the runner's transaction. Rows carry the stream version they
    reflect, so an event at or below it is ignored and a redelivered batch changes nothing.
    """

    name: str = ""
    tables: tuple[str, ...] = ()
    # Whether the projection may run as several partitions (partitions.py): only when the
    # rows of different streams never constrain each other (no unique column across
    # streams), since partitions apply streams in no order relative to one another.
    partitionable: ClassVar[bool] = False
    # The keys of each event's metadata the projection reads (besides the correlation id the
    # runner logs), for the runner to read only these; None (the default) for all of it.
    metadata_keys: ClassVar[tuple[str, ...] | None] = None
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

    def handler_for(self, record: RecordedEvent) -> Callable[[DomainEvent, RecordedEvent], Any]:
        """The record's handler; what it raises names the record (`blame`)."""
        return partial(_blaming, getattr(self, self.handlers[type(record.event)]))

    def apply(self, records: Sequence[RecordedEvent]) -> None:
        """Write the effect of `records` (each with its typed `.event`) to the tables."""
        for record in records:
            self.handler_for(record)(record.event, record)

    def __repr__(self) -> str:
        return f"<Projection {self.name}>"
