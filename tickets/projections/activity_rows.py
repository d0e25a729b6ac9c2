"""The read rows of a ticket's activities, and the activities they hold.

An activity (tickets/api/activities.py) is one row of tickets_activity_view, and one row of
tickets_activity_change_view per field it changed, in the order it lists them. The encoding
is lossless: decoding the rows gives back the very activity, keys in the same order, so the
API answers what a fold of the events would have answered, byte for byte. Values keep their
JSON types (jsonb columns); events come from jsonb too, so their numbers and object keys
are already in the form jsonb gives back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from shopnest.timestamps import format_datetime

# Where the activity's own keys live in its row (the rest is `changes` and `conversation`).
_COLUMNS = {"id": "position", "event": "event", "performed_at": "performed_at",
            "actor_id": "actor_id", "actor_type": "actor_type", "via": "via",
            "correlation_id": "correlation_id", "version": "version"}
_CONVERSATION_KEYS = ("id", "kind", "private", "incoming", "deleted", "body_text")


def activity_row(ticket_id: int, activity: dict[str, Any]) -> dict[str, Any]:
    """Return the activity's row (every column of tickets_activity_view)."""
    row = {"ticket_id": ticket_id, **{column: activity[key] for key, column in _COLUMNS.items()}}
    conversation = activity.get("conversation") or {}
    row.update({f"conversation_{key}": conversation.get(key) for key in _CONVERSATION_KEYS})
    return row


def change_rows(ticket_id: int, activity: dict[str, Any]) -> list[dict[str, Any]]:
    """Return a row per change the activity lists (tickets_activity_change_view)."""
    return [{"ticket_id": ticket_id, "version": activity["version"], "ordinal": ordinal,
             "field": name, "old_value": old, "new_value": new}
            for ordinal, (name, (old, new)) in enumerate(activity["changes"].items())]


def activity_from_rows(row: dict[str, Any], changes: Iterable[dict[str, Any]]
                       ) -> dict[str, Any]:
    """Return the activity a row and its change rows (in `ordinal` order) hold.

    Rows come in as Django `.values()` dicts (timestamps as datetimes, JSON parsed)."""
    activity = {key: format_datetime(row[column]) for key, column in _COLUMNS.items()}
    activity["changes"] = {c["field"]: [c["old_value"], c["new_value"]] for c in changes}
    if row["conversation_id"] is not None:
        activity["conversation"] = {key: row[f"conversation_{key}"] for key in _CONVERSATION_KEYS}
    return activity
