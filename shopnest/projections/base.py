"""What a projection is: a named reader of events that writes its own read tables."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

from shopnest.eventstore.records import RecordedEvent


class Projection(ABC):
    """Subclass, set `name`, `event_types` and `tables`, and implement `apply`.

    `apply` receives a batch in commit-safe order and writes the read tables with bulk
    upserts inside the runner's transaction. Rows carry the stream version they reflect, so
    an event at or below it is ignored and a redelivered batch changes nothing.
    """

    name: str = ""
    event_types: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()

    @abstractmethod
    def apply(self, events: Sequence[RecordedEvent]) -> None:
        """Write the effect of `events` to this projection's tables."""

    def __repr__(self) -> str:
        return f"<Projection {self.name}>"
