"""A ticket's history, read from its events: who changed what, from which value to which."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .events import DomainEvent, TicketCreated, event_from_data
from .evolve import evolve
from .state import (
    CONSTANT_PUBLIC_FIELDS,
    EMPTY_TICKET,
    ConversationState,
    TicketState,
    stats_dict,
    to_public_dict,
)
from .text import html_to_text

# Every event moves these, so listing them would only repeat `performed_at`.
_IGNORED_FIELDS = frozenset({"updated_at", "version"}) | CONSTANT_PUBLIC_FIELDS

StoredEvent = tuple[str, Mapping[str, Any], Mapping[str, Any] | None]


def ticket_activities(events: Iterable[StoredEvent]) -> list[dict[str, Any]]:
    """Return one activity per stored event `(type, data, metadata)`, oldest first.

    Each activity names the event, when and by whom it happened, and `changes`: every field
    of the ticket JSON and its stats whose value moved, as `[old, new]`. A ticket's creation
    lists every field it was created with as `[None, value]`. Reply, note and deletion
    activities also describe the conversation they touched.
    """
    state = EMPTY_TICKET
    activities = []
    for type_name, data, meta in events:
        event = event_from_data(type_name, dict(data))
        before, state = state, evolve(state, event)
        activities.append(_activity(event, before, state, meta or {}))
    return activities


def _activity(
    event: DomainEvent, before: TicketState, after: TicketState, meta: Mapping[str, Any]
) -> dict[str, Any]:
    actor_id = event.actor_id if event.actor_id is not None else meta.get("actor_id")
    activity: dict[str, Any] = {
        "event": event.TYPE,
        "performed_at": event.at,
        "actor_id": actor_id,
        "version": after.version,
        "changes": _changes(event, _snapshot(before), _snapshot(after)),
    }
    conversation_id = getattr(event, "conversation_id", None)
    if conversation_id is not None:
        activity["conversation"] = _conversation(after.conversations[conversation_id])
    return activity


def _snapshot(state: TicketState) -> dict[str, Any]:
    values = {**to_public_dict(state), **stats_dict(state)}
    return {name: value for name, value in values.items() if name not in _IGNORED_FIELDS}


def _changes(event: DomainEvent, old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    if isinstance(event, TicketCreated):
        return {name: [None, value] for name, value in new.items() if value is not None}
    return {name: [old[name], value] for name, value in new.items() if old[name] != value}


def _conversation(conversation: ConversationState) -> dict[str, Any]:
    return {
        "id": conversation.id,
        "kind": conversation.kind,
        "private": conversation.private,
        "incoming": conversation.incoming,
        "deleted": conversation.deleted,
        "body_text": html_to_text(conversation.body),
    }
