"""Convert between the domain's TicketState and the ticket read row.

The projection folds events with the domain's own `evolve`, starting from the state the
row holds, so the read table can never disagree with a fresh fold of the stream.
"""

from __future__ import annotations

import json
from dataclasses import fields, replace
from typing import Any

from shopnest.api.params import format_datetime
from tickets.domain.state import ConversationState, TicketState, TicketStats
from tickets.domain.text import html_to_text

STATS_FIELDS = tuple(f.name for f in fields(TicketStats))
DATE_FIELDS = ("due_by", "fr_due_by", "created_at", "updated_at")
ROW_FIELDS = (
    "subject", "description", "status", "priority", "source", "type", "requester_id",
    "responder_id", "group_id", "company_id", "product_id", "email_config_id",
    "spam", "deleted",
)


def state_from_row(row: dict[str, Any], conversations: list[dict[str, Any]] = ()) -> TicketState:
    """Return the ticket state a read row (and some of its conversation rows) stands for."""
    values = {name: row[name] for name in ROW_FIELDS}
    values.update({name: format_datetime(row[name]) for name in DATE_FIELDS})
    stats = TicketStats(**{name: format_datetime(row[name]) for name in STATS_FIELDS})
    return TicketState(
        exists=True, id=row["id"], version=row["version"], tags=tuple(row["tags"] or ()),
        requester_email=row.get("requester_email"), cc_emails=tuple(row["cc_emails"] or ()),
        custom_fields=_json_object(row["custom_fields"]), stats=stats,
        conversations={c["id"]: conversation_state(c) for c in conversations},
        **values,
    )


def _json_object(value: Any) -> dict[str, Any]:
    # Raw SQL reads of jsonb come back as text through Django's psycopg configuration.
    if isinstance(value, str):
        return json.loads(value)
    return dict(value or {})


def conversation_state(row: dict[str, Any]) -> ConversationState:
    return ConversationState(
        id=row["id"], kind=row["kind"], private=row["private"], incoming=row["incoming"],
        user_id=row["user_id"], created_at=format_datetime(row["created_at"]),
        updated_at=format_datetime(row["updated_at"]), body=row["body"], deleted=row["deleted"],
    )


def row_from_state(state: TicketState) -> dict[str, Any]:
    """Return the read row of a ticket state (every column of tickets_ticket_view)."""
    row = {"id": state.id, "version": state.version}
    row.update({name: getattr(state, name) for name in ROW_FIELDS})
    row.update({name: getattr(state, name) for name in DATE_FIELDS})
    row.update({name: getattr(state.stats, name) for name in STATS_FIELDS})
    row["description_text"] = None if state.description is None else html_to_text(state.description)
    row["tags"] = list(state.tags)
    row["cc_emails"] = list(state.cc_emails)
    row["custom_fields"] = dict(state.custom_fields)
    row["requester_email"] = state.requester_email
    return row


def without_conversations(state: TicketState) -> TicketState:
    return replace(state, conversations={})
