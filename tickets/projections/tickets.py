"""The tickets projection: ticket streams → ticket and conversation read tables.

A batch is folded in memory per ticket, starting from the rows as stored, with the domain's
own `evolve`; then every changed row is written with one bulk upsert per table. Events at or
below a row's version were applied before (a redelivered batch) and are skipped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import connection

from shopnest.eventstore.records import RecordedEvent
from shopnest.projections.base import Projection
from shopnest.projections.upsert import bulk_upsert
from tickets import conversations as conv
from tickets.domain.events import EVENT_TYPES, event_from_data
from tickets.domain.evolve import evolve
from tickets.domain.state import EMPTY_TICKET
from tickets.projections.rows import row_from_state, state_from_row
from tickets.streams import ticket_id_of

TICKET_TABLE = "tickets_ticket_view"
CONVERSATION_TABLE = "tickets_conversation_view"
CONVERSATION_CHANGES = ("NoteEdited", "ConversationDeleted")


def _fetch(table: str, ids: list[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = ANY(%s)", [ids])
        names = [c.name for c in cursor.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


class TicketsProjection(Projection):
    name = "tickets"
    event_types = tuple(EVENT_TYPES)
    tables = (TICKET_TABLE, CONVERSATION_TABLE)

    def apply(self, events: Sequence[RecordedEvent]) -> None:
        by_ticket: dict[int, list[RecordedEvent]] = defaultdict(list)
        for event in events:
            by_ticket[ticket_id_of(event.stream_id)].append(event)
        rows = _fetch(TICKET_TABLE, list(by_ticket))
        touched = [e.data["conversation_id"] for e in events if e.type in CONVERSATION_CHANGES]
        conversations = _fetch(CONVERSATION_TABLE, touched)
        ticket_rows, conversation_rows = [], {}
        for ticket_id, stream_events in by_ticket.items():
            row = self._fold(ticket_id, rows.get(ticket_id), stream_events, conversations,
                             conversation_rows)
            if row is not None:
                ticket_rows.append(row)
        bulk_upsert(TICKET_TABLE, ticket_rows, key=("id",), json_columns=("custom_fields",))
        bulk_upsert(CONVERSATION_TABLE, list(conversation_rows.values()), key=("id",),
                    version_column="ticket_version")

    def _fold(self, ticket_id, row, stream_events, stored_conversations, out_conversations):
        known = [c for c in stored_conversations.values() if c["ticket_id"] == ticket_id]
        state = state_from_row(row, known) if row else EMPTY_TICKET
        start = state.version
        for recorded in stream_events:
            if recorded.version <= state.version:
                continue  # applied by an earlier delivery of this batch
            if recorded.version != state.version + 1:
                raise RuntimeError(
                    f"ticket {ticket_id}: event v{recorded.version} after row v{state.version}")
            state = evolve(state, event_from_data(recorded.type, recorded.data))
            conv.apply_conversation_event(out_conversations, ticket_id, recorded.version,
                                          recorded.type, recorded.data, stored_conversations)
        return row_from_state(state) if state.version > start else None
