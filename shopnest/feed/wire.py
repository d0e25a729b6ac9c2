"""An event as the feed writes it (docs/change_feed.md).

The data is the stored data as the store's reader opens it (an erased person's sealed
fields read as their placeholders), less what the stream's viewer redacted, with the
schema version it was written in (clients upcast as the domain does). Of the metadata
only who acted and through what are shown: the rest is the desk's own plumbing
(correlation and request ids, which a client may have chosen) or personal data (the
actor's address, which erasure does not reach).
"""

from __future__ import annotations

from typing import Any

from shopnest.feed.reader import FeedEvent
from shopnest.timestamps import format_datetime

SHOWN_METADATA = ("actor_id", "actor_type", "via")


def event_json(event: FeedEvent) -> dict[str, Any]:
    record = event.record
    metadata = record.metadata or {}
    return {
        "event_id": str(record.event_id),
        "stream_type": event.stream_type,
        "stream_id": record.stream_id,
        "version": record.version,
        "type": record.type,
        "schema_version": record.schema_version,
        "data": dict(event.data),
        "metadata": {name: metadata.get(name) for name in SHOWN_METADATA},
        "recorded_at": format_datetime(record.recorded_at),
    }
