"""The change feed as server-sent events (text/event-stream).

Each event the caller may see is one message: `id:` the cursor right after it (what the
client sends back as Last-Event-ID), `event:` its type, `data:` its JSON (wire.py), the same
as a page of GET /api/v2/events holds. The stream polls the store every
SHOPNEST_FEED_POLL_SECONDS (at once while pages come back full) and writes a comment line
every SHOPNEST_FEED_HEARTBEAT_SECONDS of silence, so proxies keep the connection and a
client that went away is noticed (the write fails, the server closes the stream). A
heartbeat also carries the cursor when it moved past events the caller may not see (an `id:`
with no data updates the client's Last-Event-ID and dispatches nothing), so a reconnect
starts from there rather than scanning them again.

Bounded on purpose (slots.py, docs/change_feed.md): a stream lives at most
SHOPNEST_FEED_STREAM_SECONDS, then ends; its first line (`retry:`) told the client how soon
to reconnect, with Last-Event-ID. Between polls it holds no database connection: it closes
its own, so a hundred open dashboards are not a hundred idle PostgreSQL sessions.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

from shopnest.eventstore.records import Position
from shopnest.feed import cursor as cursors
from shopnest.feed.reader import FeedEvent, ReadEvents
from shopnest.feed.slots import Slot
from shopnest.feed.wire import event_json
from shopnest.mediator import mediator
from shopnest.mediator.context import MessageContext

log = logging.getLogger("shopnest.feed")


@dataclass(frozen=True)
class Timing:
    """A stream's clock: its life, its heartbeat, its polls and the client's reconnect delay."""

    lifetime: float
    heartbeat: float
    poll: float
    retry_ms: int

    @classmethod
    def from_settings(cls) -> Timing:
        return cls(lifetime=settings.SHOPNEST_FEED_STREAM_SECONDS,
                   heartbeat=settings.SHOPNEST_FEED_HEARTBEAT_SECONDS,
                   poll=settings.SHOPNEST_FEED_POLL_SECONDS,
                   retry_ms=settings.SHOPNEST_FEED_RETRY_MS)


def event_message(event: FeedEvent) -> str:
    body = json.dumps(event_json(event), cls=DjangoJSONEncoder, separators=(",", ":"))
    # JSON escapes line breaks inside strings, so `data` is one line, as SSE needs.
    return (f"id: {cursors.encode(event.record.token)}\nevent: {event.record.type}\n"
            f"data: {body}\n\n")


def heartbeat_message(moved_to: Position | None) -> str:
    if moved_to is None:
        return ": heartbeat\n\n"
    return f": heartbeat\nid: {cursors.encode(moved_to)}\n\n"


class EventStream:
    """The body of one SSE response; gives its slot back when it ends or is closed."""

    def __init__(self, ctx: MessageContext, query: ReadEvents, slot: Slot, timing: Timing):
        self.ctx = ctx
        self.query = query
        self.slot = slot
        self.timing = timing

    def __iter__(self) -> Iterator[bytes]:
        try:
            for message in self._messages():
                yield message.encode()
        finally:
            self.close()

    def close(self) -> None:
        """Called by the server when the response ends (also when it was never iterated)."""
        self.slot.release()

    def _messages(self) -> Iterator[str]:
        timing = self.timing
        yield f"retry: {timing.retry_ms}\n\n"
        now = time.monotonic()
        ends_at, beat_at = now + timing.lifetime, now + timing.heartbeat
        told = reached = self.query.after  # what the client's Last-Event-ID says; where we are
        while True:
            try:
                page = mediator.ask(replace(self.query, after=reached), self.ctx)
            except Exception:  # the client reconnects (retry:) and resumes where it was
                log.exception("event stream poll failed; ending the stream")
                return
            finally:
                connection.close()  # idle between polls: hold no database session
            for event in page.events:
                yield event_message(event)
                told = event.record.token
            if page.events:
                beat_at = time.monotonic() + timing.heartbeat
            reached = page.cursor
            now = time.monotonic()
            if now >= ends_at:
                break
            if now >= beat_at:
                yield heartbeat_message(reached if reached != told else None)
                told, beat_at = reached, now + timing.heartbeat
            if not page.more:
                time.sleep(max(0.0, min(timing.poll, ends_at - now, beat_at - now)))
        if reached != told:
            yield heartbeat_message(reached)
