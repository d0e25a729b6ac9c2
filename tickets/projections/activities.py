"""The ticket activities projection: ticket streams → one activity row per event and one
change row per field it changed (tickets_activity_view, tickets_activity_change_view).

An activity diffs the ticket before and after its event, so the projection needs the state
before each event: it folds the ticket with the aggregate's own evolve and keeps the state
at the version its rows reach (shopnest/projections/history.py says how, and why neither
redelivery nor a batch ending halfway through a ticket can make it wrong). It does not read
the state from the tickets read rows: those follow the tickets projection's checkpoint, not
this one's, and may show the ticket at another version.

Each batch writes its new activities with two set-based inserts that leave existing rows
alone (keyed by ticket and version, and ticket, version and ordinal), so a redelivered batch
changes nothing. An erasure (ContactErasedFromTicket) makes the contact's sealed fields read
as placeholders in every earlier event of the ticket: its batch derives all of the ticket's
activities again from the store and replaces them, so no row keeps what the erased person
wrote or was, and the rows equal what a rebuild from position zero writes.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from shopnest.eventstore.records import RecordedEvent
from shopnest.projections.history import Entries, HistoryProjection
from shopnest.projections.upsert import bulk_insert_absent
from tickets.api.activities import activity, ticket_snapshot
from tickets.domain.aggregate import TICKET
from tickets.domain.events import ContactErasedFromTicket
from tickets.domain.state import TicketState
from tickets.models import ActivityChangeView, ActivityView
from tickets.projections.activity_rows import activity_from_rows, activity_row, change_rows

ACTIVITY_TABLE = ActivityView._meta.db_table
CHANGE_TABLE = ActivityChangeView._meta.db_table


class ActivitiesProjection(HistoryProjection):
    name = "ticket_activities"
    metadata_keys = ("actor_id", "actor_type", "via")  # what an activity tells (activity())
    aggregate = TICKET
    tables = (ACTIVITY_TABLE, CHANGE_TABLE)
    rewrites_history = (ContactErasedFromTicket,)
    partitionable = True  # a ticket's history rows are its own: nothing unique across tickets

    def __init__(self) -> None:
        super().__init__()
        self._rendered: tuple[TicketState | None, dict[str, Any]] = (None, {})

    def entry(self, record: RecordedEvent, before: TicketState, after: TicketState) -> dict:
        return activity(record, before, after, snapshot=self._snapshot)

    def _snapshot(self, state: TicketState) -> dict[str, Any]:
        # A fold renders each state twice, as one event's after and the next one's before:
        # the last one rendered is kept (states are immutable, so identity says it is the same).
        rendered_state, rendered = self._rendered
        if state is not rendered_state:
            rendered = ticket_snapshot(state)
            self._rendered = (state, rendered)
        return rendered

    def stored_versions(self, keys: list[int]) -> dict[int, int]:
        # One index probe per ticket (the newest row), however long its history.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT ticket_id, (SELECT max(version) FROM {ACTIVITY_TABLE} a "
                "WHERE a.ticket_id = k.ticket_id) FROM unnest(%s::bigint[]) AS k(ticket_id)",
                [keys])
            return {ticket_id: version for ticket_id, version in cursor.fetchall()
                    if version is not None}

    def insert(self, entries: dict[int, Entries]) -> None:
        activities = [activity_row(key, told) for key, history in entries.items()
                      for told in history.values()]
        changes = [row for key, history in entries.items() for told in history.values()
                   for row in change_rows(key, told)]
        bulk_insert_absent(ACTIVITY_TABLE, activities, key=("ticket_id", "version"))
        bulk_insert_absent(CHANGE_TABLE, changes, key=("ticket_id", "version", "ordinal"),
                           json_columns=("old_value", "new_value"))

    def replace(self, histories: dict[int, Entries]) -> None:
        with connection.cursor() as cursor:
            for table in (CHANGE_TABLE, ACTIVITY_TABLE):
                cursor.execute(f"DELETE FROM {table} WHERE ticket_id = ANY(%s)",
                               [list(histories)])
        self.insert(histories)

    def stored_entries(self, keys: list[int]) -> dict[int, Entries]:
        changes: dict[tuple[int, int], list[dict[str, Any]]] = {}
        for row in ActivityChangeView.objects.filter(ticket_id__in=keys).order_by(
                "ticket_id", "version", "ordinal").values():
            changes.setdefault((row["ticket_id"], row["version"]), []).append(row)
        out: dict[int, Entries] = {}
        for row in ActivityView.objects.filter(ticket_id__in=keys).order_by(
                "ticket_id", "version").values():
            key = (row["ticket_id"], row["version"])
            out.setdefault(row["ticket_id"], {})[row["version"]] = activity_from_rows(
                row, changes.get(key, ()))
        return out
