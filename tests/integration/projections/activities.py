"""What the ticket activities projection stored, and what a fresh fold of the store says."""

from __future__ import annotations

from django.db import connection

from shopnest.eventstore import store
from shopnest.projections import registry
from tickets.domain.aggregate import TICKET
from tickets.projections.activities import ActivitiesProjection


def ticket_ids() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT stream_id FROM es_streams WHERE stream_type = 'ticket' "
                       "ORDER BY 1")
        return [TICKET.key_of(sid) for (sid,) in cursor.fetchall()]


def fresh_activities(ticket_id: int) -> dict[int, dict]:
    """The ticket's activities by version, folded afresh from every event in the store."""
    _, entries = ActivitiesProjection().history(
        ticket_id, store.read_stream(TICKET.stream_id(ticket_id)))
    return entries


def stored_activities(ticket_ids_: list[int]) -> dict[int, dict[int, dict]]:
    return registry.get("ticket_activities").stored_entries(ticket_ids_)


def row_counts() -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT (SELECT count(*) FROM tickets_activity_view), "
                       "(SELECT count(*) FROM tickets_activity_change_view)")
        return cursor.fetchone()


def event_reads(captured_queries: list[dict]) -> list[str]:
    """The captured queries that read events out of the store: every read of the store
    (read_stream, read_streams, read_after, prefixes) selects the store's EVENT_COLUMNS. The
    read-your-writes probe (does any event lie between checkpoint and token?) reads none."""
    return [q["sql"] for q in captured_queries if store.EVENT_COLUMNS in q["sql"]]
