"""Read one page of the change feed for one caller.

The invariant, the projection runner's (shopnest/projections/runner.py): events are read in
`(tx, position)` order below the appenders' horizon, and the cursor moves to the last event
scanned, or to the horizon when the scan found nothing more below it. Every appender below
the horizon has ended and every later one gets a larger transaction id, so nothing can ever
appear behind a cursor: paging from any cursor gives each visible event exactly once.

What the caller may not see is stepped over, not skipped blindly: each scanned batch is
judged by the stream types' viewers (visibility.py), a batch at a time. A page ends

- with `limit` events shown (more may follow at once);
- when it has scanned SHOPNEST_FEED_SCAN_LIMIT events (in steps sized by the share of the
  last step the caller saw) (more may follow: a caller who may
  see little gets short or empty pages whose cursors still move on);
- at the horizon (caught up: the cursor is the horizon);
- before an event a viewer cannot judge yet (WAIT): the cursor stays before it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings

from shopnest.eventstore import store
from shopnest.eventstore.horizon import appenders_horizon
from shopnest.eventstore.records import Position, RecordedEvent, ScannedEvent
from shopnest.feed import visibility
from shopnest.feed.visibility import WAIT, Show, StreamViewer, Verdict
from shopnest.mediator.context import MessageContext
from shopnest.messages import Query


@dataclass(frozen=True)
class ReadEvents(Query):
    """A page of the change feed after `after`: at most `limit` events the caller may see,
    of `stream_type` only when given."""

    # Reads the event store (always current below its horizon), not a projection's tables.
    reads: ClassVar[tuple[str, ...]] = ()

    after: Position
    limit: int
    stream_type: str | None = None


@dataclass(frozen=True)
class FeedEvent:
    """An event as the caller may see it: the stored event, and the data it is shown with."""

    stream_type: str
    record: RecordedEvent
    data: Mapping[str, Any]


@dataclass(frozen=True)
class FeedPage:
    events: list[FeedEvent]
    # Where to resume: after the last event scanned, or the horizon when caught up.
    cursor: Position
    # More events may follow at once (the page ended at its limit or its scan budget).
    more: bool


def read_events(query: ReadEvents, ctx: MessageContext) -> FeedPage:
    """The query handler: a page of the feed as the caller may see it."""
    wanted = None if query.stream_type is None else [query.stream_type]
    return read_page(visibility.viewers(ctx, wanted), query.after, query.limit)


def read_page(viewers: Mapping[str, StreamViewer], after: Position, limit: int) -> FeedPage:
    """Return up to `limit` events after `after` that `viewers` show (see the module)."""
    horizon = appenders_horizon()
    caught_up = max(after, Position(horizon, 0))
    if not viewers:
        return FeedPage([], caught_up, more=False)
    budget = settings.SHOPNEST_FEED_SCAN_LIMIT
    shown: list[FeedEvent] = []
    cursor, scanned, chunk = after, 0, limit
    while True:
        size = min(chunk, budget - scanned)
        batch = store.scan_after(cursor, size, list(viewers), horizon=horizon)
        scanned += len(batch)
        shown_before = len(shown)
        for scan, verdict in zip(batch, _judge(batch, viewers), strict=True):
            if verdict is WAIT:
                return FeedPage(shown, cursor, more=False)
            if isinstance(verdict, Show):
                shown.append(FeedEvent(scan.stream_type, scan.record, verdict.data))
            cursor = scan.token
            if len(shown) == limit:
                return FeedPage(shown, cursor, more=True)
        if len(batch) < size:
            return FeedPage(shown, max(cursor, caught_up), more=False)
        if scanned >= budget:
            return FeedPage(shown, cursor, more=True)
        chunk = _next_chunk(limit - len(shown), len(batch), len(shown) - shown_before, chunk)


def _next_chunk(missing: int, scanned: int, shown: int, chunk: int) -> int:
    """How far to scan next for `missing` more events: as far as the share the last
    `scanned` events showed says (a quarter more, for luck), or four times further when
    they showed none."""
    if shown == 0:
        return chunk * 4
    return max(missing, math.ceil(missing * scanned / shown * 1.25))


def _judge(batch: Sequence[ScannedEvent], viewers: Mapping[str, StreamViewer]
           ) -> list[Verdict | None]:
    """One verdict per scanned event (None: a stream type the caller sees nothing of); each
    viewer judges all of its stream type's events of the batch at once."""
    verdicts: list[Verdict | None] = [None] * len(batch)
    by_type: dict[str, list[int]] = {}
    for index, scan in enumerate(batch):
        if scan.record is not None:
            by_type.setdefault(scan.stream_type, []).append(index)
    for stream_type, indexes in by_type.items():
        judged = viewers[stream_type].judge([batch[i].record for i in indexes])
        for index, verdict in zip(indexes, judged, strict=True):
            verdicts[index] = verdict
    return verdicts
