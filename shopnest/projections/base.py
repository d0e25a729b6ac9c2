"""What a projection is: a named reader of events that writes its own read tables."""

from __future__ import annotations

from collections.abc import Sequence

from shopnest.eventstore.records import RecordedEvent


class Projection:
    """Subclass, set `name`, `event_types` and `tables`, and implement `apply`.

    `apply` receives a batch in commit-safe order and writes the read tables with bulk
    upserts inside the runner's transaction. Rows carry the stream version they reflect, so
    an event at or below it is ignored and a redelivered batch changes nothing.
    """

    name: str = ""
    event_types: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()

    def apply(self, events: Sequence[RecordedEvent]) -> None:
        raise NotImplementedError(f"{type(self).__name__} must implement apply()")

    def __repr__(self) -> str:
        return f"<Projection {self.name}>"
