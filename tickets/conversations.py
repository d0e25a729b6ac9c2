"""The conversation read row and its Freshdesk JSON, both built from reply/note events.

Used by the projection (rows) and by command handlers (responses), so a command's answer and
a later read of the same conversation are the same JSON.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from shopnest.api.params import format_datetime
from tickets.domain.codes import ConversationSource

AGENT_CATEGORY = 2
CUSTOMER_CATEGORY = 1


def support_email() -> str:
    return settings.SHOPNEST_SUPPORT_EMAIL


def row_from_reply(ticket_id: int, version: int, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": data["conversation_id"], "ticket_id": ticket_id, "ticket_version": version,
        "kind": "reply", "body": data["body"], "body_text": data["body_text"],
        "incoming": data["incoming"], "private": False, "user_id": data["user_id"],
        "support_email": support_email(), "source": int(ConversationSource.REPLY),
        "category": CUSTOMER_CATEGORY if data["incoming"] else AGENT_CATEGORY,
        "from_email": data.get("from_email") or (None if data["incoming"] else support_email()),
        "to_emails": list(data.get("to_emails") or []),
        "cc_emails": list(data.get("cc_emails") or []),
        "bcc_emails": list(data.get("bcc_emails") or []),
        "notify_emails": [], "deleted": False, "last_edited_at": None,
        "last_edited_user_id": None, "created_at": data["at"], "updated_at": data["at"],
    }


def row_from_note(ticket_id: int, version: int, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": data["conversation_id"], "ticket_id": ticket_id, "ticket_version": version,
        "kind": "note", "body": data["body"], "body_text": data["body_text"],
        "incoming": data["incoming"], "private": data["private"], "user_id": data["user_id"],
        "support_email": None, "source": int(ConversationSource.NOTE),
        "category": CUSTOMER_CATEGORY if data["incoming"] else AGENT_CATEGORY,
        "from_email": None, "to_emails": [], "cc_emails": [], "bcc_emails": [],
        "notify_emails": list(data.get("notify_emails") or []), "deleted": False,
        "last_edited_at": None, "last_edited_user_id": None,
        "created_at": data["at"], "updated_at": data["at"],
    }


def edited_row(row: dict[str, Any], version: int, data: dict[str, Any]) -> dict[str, Any]:
    return {**row, "ticket_version": version, "body": data["body"], "body_text": data["body_text"],
            "last_edited_at": data["at"], "last_edited_user_id": data.get("actor_id"),
            "updated_at": data["at"]}


def deleted_row(row: dict[str, Any], version: int, data: dict[str, Any]) -> dict[str, Any]:
    return {**row, "ticket_version": version, "deleted": True, "updated_at": data["at"]}


CONVERSATION_EVENTS = ("ReplyAdded", "NoteAdded", "NoteEdited", "ConversationDeleted")


def apply_conversation_event(rows: dict[int, dict[str, Any]], ticket_id: int, version: int,
                             event_type: str, data: dict[str, Any],
                             stored: dict[int, dict[str, Any]] | None = None) -> None:
    """Fold one ticket event into the conversation rows it touches (`rows`, by id).

    `stored` holds rows written earlier, for edits and deletes of conversations that are
    not in `rows` yet. Events of other types change no conversation.
    """
    if event_type == "ReplyAdded":
        rows[data["conversation_id"]] = row_from_reply(ticket_id, version, data)
    elif event_type == "NoteAdded":
        rows[data["conversation_id"]] = row_from_note(ticket_id, version, data)
    elif event_type in ("NoteEdited", "ConversationDeleted"):
        cid = data["conversation_id"]
        current = rows.get(cid) or (stored or {})[cid]
        change = edited_row if event_type == "NoteEdited" else deleted_row
        rows[cid] = change(current, version, data)


def conversation_json(row: dict[str, Any]) -> dict[str, Any]:
    """Return Freshdesk's conversation object (FRESHDESK_API.md §4.1)."""
    out = {
        "id": row["id"], "ticket_id": row["ticket_id"], "body": row["body"],
        "body_text": row["body_text"], "incoming": row["incoming"], "private": row["private"],
        "user_id": row["user_id"], "support_email": row["support_email"],
        "source": row["source"], "category": row["category"],
        "to_emails": list(row["to_emails"] or []), "from_email": row["from_email"],
        "cc_emails": list(row["cc_emails"] or []), "bcc_emails": list(row["bcc_emails"] or []),
        "attachments": [],
        "last_edited_at": format_datetime(row["last_edited_at"]),
        "last_edited_user_id": row["last_edited_user_id"],
        "created_at": format_datetime(row["created_at"]),
        "updated_at": format_datetime(row["updated_at"]),
    }
    if row["kind"] == "reply":
        out["replied_to"] = list(row["to_emails"] or [])
    else:
        out["notified_to"] = list(row["notify_emails"] or [])
    return out
