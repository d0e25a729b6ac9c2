"""A ticket's history, read from the activity tables (tickets/projections/activities.py).

Pages are keyset ranges of stream versions: `after_version` (oldest first) or
`before_version` (newest first), at most `limit` activities. A ticket's versions run 1, 2, 3…
with one activity each, so page n of size s is exactly the versions ((n-1)·s, n·s].
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shopnest.mediator import MessageContext
from tickets.access import TicketOutOfScope, access_of
from tickets.models import ActivityChangeView, ActivityView, TicketView
from tickets.projections.activity_rows import activity_from_rows
from tickets.projections.rows import ticket_state
from tickets.queries.messages import GetTicketActivities


@dataclass(frozen=True)
class ActivityPage:
    """Activities in the order asked for; `more` when others lie beyond the page."""

    activities: list[dict[str, Any]]
    more: bool


def ticket_activities(query: GetTicketActivities, ctx: MessageContext) -> ActivityPage | None:
    """Return the page of the ticket's activities (None: no such ticket), to an agent who
    may see the ticket (its read row says so, as for every other ticket read)."""
    ticket = TicketView.objects.filter(id=query.ticket_id).values().first()
    if ticket is None:
        return None
    if not access_of(ctx).sees(ticket_state(ticket)):
        raise TicketOutOfScope()
    rows = ActivityView.objects.filter(ticket_id=query.ticket_id, version__gt=query.after_version)
    if query.before_version is not None:
        rows = rows.filter(version__lt=query.before_version)
    rows = rows.order_by("-version" if query.newest_first else "version")
    if query.limit is not None:
        rows = rows[:query.limit + 1]
    found = list(rows.values())
    page = found if query.limit is None else found[:query.limit]
    return ActivityPage(_with_changes(query.ticket_id, page), more=len(page) < len(found))


def _with_changes(ticket_id: int, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not rows:
        return []
    versions = [row["version"] for row in rows]
    changes: dict[int, list[dict[str, Any]]] = {}
    for change in ActivityChangeView.objects.filter(
            ticket_id=ticket_id, version__gte=min(versions), version__lte=max(versions)
    ).order_by("version", "ordinal").values():
        changes.setdefault(change["version"], []).append(change)
    return [activity_from_rows(row, changes.get(row["version"], ())) for row in rows]
