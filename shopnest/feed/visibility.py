"""Who sees what of the change feed: each bounded context registers its stream types.

The kernel does not know what a ticket or a contact is, nor who may see one. A context
registers, for each stream type it owns, a `StreamFeed`: given the caller (the mediator's
context), it answers a `StreamViewer` for that caller, or None when the caller may see none
of that type's events (such streams are then not even read for them). The viewer judges a
batch of events at once, each one:

- `Show(data)`: shown, with this data (the stored data, or less of it: redacted);
- `HIDE`: not for this caller; the feed steps past it;
- `WAIT`: the context cannot judge it yet (its read side has not caught up with the event):
  the page ends just before it, and a later poll judges it again. Lag, never a wrong answer.

A stream type no context registered is never shown: claim streams, customer keys, anything
internal, and every stream type added later until its context decides who sees it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from shopnest.eventstore.records import RecordedEvent
from shopnest.mediator.context import MessageContext


@dataclass(frozen=True)
class Show:
    """Show the event, with `data` as its data."""

    data: Mapping[str, Any]


class _Hide:
    def __repr__(self) -> str:
        return "HIDE"


class _Wait:
    def __repr__(self) -> str:
        return "WAIT"


HIDE = _Hide()
WAIT = _Wait()
Verdict = Show | _Hide | _Wait


class StreamViewer(Protocol):
    def judge(self, records: Sequence[RecordedEvent]) -> Sequence[Verdict]:
        """Return one verdict per record, in order; with a bounded number of queries for
        the whole batch (never one per event)."""


class StreamFeed(Protocol):
    def viewer(self, ctx: MessageContext) -> StreamViewer | None:
        """Return how `ctx`'s caller sees this stream type's events (None: not at all)."""


class ShowAll:
    """A viewer shown every event as stored."""

    def judge(self, records: Sequence[RecordedEvent]) -> list[Verdict]:
        return [Show(record.data) for record in records]


SHOW_ALL = ShowAll()


def without(data: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """Return `data` without the keys `names` (a redaction)."""
    dropped = set(names)
    return {key: value for key, value in data.items() if key not in dropped}


class DuplicateStreamFeed(TypeError):
    """Two contexts claim the same stream type."""


_FEEDS: dict[str, StreamFeed] = {}


def register(stream_type: str, feed: StreamFeed) -> None:
    """Show `stream_type`'s events in the change feed as `feed` decides."""
    existing = _FEEDS.get(stream_type)
    if existing is not None and type(existing) is not type(feed):
        raise DuplicateStreamFeed(f"stream type {stream_type!r} is already in the feed")
    _FEEDS[stream_type] = feed


def unregister(stream_type: str) -> None:
    _FEEDS.pop(stream_type, None)


def stream_types() -> tuple[str, ...]:
    """Return the stream types the feed may show, sorted."""
    return tuple(sorted(_FEEDS))


def viewers(ctx: MessageContext, wanted: Sequence[str] | None = None
            ) -> dict[str, StreamViewer]:
    """Return the viewer of each stream type (of `wanted`, else all) the caller sees any of."""
    found: dict[str, StreamViewer] = {}
    for stream_type in wanted if wanted is not None else stream_types():
        feed = _FEEDS.get(stream_type)
        viewer = feed.viewer(ctx) if feed is not None else None
        if viewer is not None:
            found[stream_type] = viewer
    return found
