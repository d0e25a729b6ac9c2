"""What one event of a ticket tells as a Freshdesk-style activity: who changed what, from
which value to which.

An activity diffs the ticket's representation before and after its event (representation.py),
so the history speaks the same field names as the API. The activities projection folds each
ticket with the domain's evolve and stores the activity of every event
(tickets/projections/activities.py); the API and the back office read them from there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from shopnest.eventstore.records import RecordedEvent
from tickets.api.representation import CONSTANT_TICKET_FIELDS, stats_json, ticket_json
from tickets.domain.events import TicketCreated
from tickets.domain.state import TicketState

# Every event moves `updated_at`, so listing it would only repeat `performed_at`.
_IGNORED_FIELDS = frozenset({"updated_at"}) | set(CONSTANT_TICKET_FIELDS)


def activity(record: RecordedEvent, before: TicketState, after: TicketState, *,
             snapshot: Callable[[TicketState], dict[str, Any]] | None = None) -> dict[str, Any]:
    """Return the activity of one stored event, given the ticket before and after it.

    `snapshot` renders a state's listed fields (`ticket_snapshot` by default); a fold may pass
    one that remembers the last state it rendered, since each `after` is the next `before`."""
    snapshot = snapshot or ticket_snapshot
    event, meta = record.event, record.metadata or {}
    told: dict[str, Any] = {
        "id": record.position,
        "event": event.TYPE,
        "performed_at": event.at,
        "actor_id": event.actor_id if event.actor_id is not None else meta.get("actor_id"),
        "actor_type": meta.get("actor_type"),
        "via": meta.get("via"),
        "correlation_id": meta.get("correlation_id"),
        "version": record.version,
        "changes": _changes(isinstance(event, TicketCreated), snapshot(before), snapshot(after)),
    }
    conversation_id = getattr(event, "conversation_id", None)
    if conversation_id is not None:
        conversation = after.conversations[conversation_id]
        told["conversation"] = {
            "id": conversation.id, "kind": conversation.kind, "private": conversation.private,
            "incoming": conversation.incoming, "deleted": conversation.deleted,
            "body_text": conversation.body_text,
        }
    return told


def ticket_snapshot(state: TicketState) -> dict[str, Any]:
    """Return the fields of the ticket JSON and its stats an activity lists changes of."""
    values = {**ticket_json(state), **stats_json(state)}
    return {name: value for name, value in values.items() if name not in _IGNORED_FIELDS}


def _changes(created: bool, old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    if created:
        return {name: [None, value] for name, value in new.items() if value is not None}
    return {name: [old[name], value] for name, value in new.items() if old[name] != value}
