"""Apply one event to a ticket's state: pure, no clock, no checks (events were valid when decided)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .codes import DONE_STATUSES, Status
from .events import (
    ConversationDeleted,
    DomainEvent,
    NoteAdded,
    NoteEdited,
    ReplyAdded,
    TicketAssigned,
    TicketCreated,
    TicketDeleted,
    TicketGroupChanged,
    TicketMarkedSpam,
    TicketPriorityChanged,
    TicketPropertiesChanged,
    TicketRestored,
    TicketStatusChanged,
    TicketUnmarkedSpam,
)
from .state import ConversationState, TicketState, TicketStats

# Event fields stored as tuples in state, so that state stays immutable.
_TUPLE_FIELDS = frozenset({"tags", "cc_emails"})


def evolve(state: TicketState, event: DomainEvent) -> TicketState:
    """Return the state after `event`; every event bumps `version` and `updated_at`."""
    try:
        apply = _APPLIERS[type(event)]
    except KeyError:
        raise TypeError(f"A ticket cannot fold {type(event).__name__}") from None
    state = apply(state, event)
    return replace(state, version=state.version + 1, updated_at=event.at)


def _field_value(name: str, value: Any) -> Any:
    if name in _TUPLE_FIELDS:
        return tuple(value or ())
    if name == "custom_fields":
        return dict(value or {})
    return value


def _created(state: TicketState, event: TicketCreated) -> TicketState:
    values = {
        name: _field_value(name, value)
        for name, value in event.to_data().items()
        if name not in ("ticket_id", "at", "actor_id")
    }
    stats = _stats_after_status(TicketStats(), None, event.status, event.at)
    return replace(
        state, exists=True, id=event.ticket_id, created_at=event.at, stats=stats, **values
    )


def _properties_changed(state: TicketState, event: TicketPropertiesChanged) -> TicketState:
    values = {name: _field_value(name, value) for name, value in event.changes.items()}
    return replace(state, **values)


def _stats_after_status(
    stats: TicketStats, previous: int | None, status: int, at: str
) -> TicketStats:
    """Return the stats once the status went from `previous` to `status` at `at`."""
    changes: dict[str, str] = {"status_updated_at": at}
    if status == Status.PENDING:
        changes["pending_since"] = at
    elif status == Status.RESOLVED:
        changes["resolved_at"] = at
    elif status == Status.CLOSED:
        changes["closed_at"] = at
        # Closing skips resolving in the UI, but reports still want a resolution time.
        if stats.resolved_at is None:
            changes["resolved_at"] = at
    # Resolved -> closed is not a reopening; leaving both for anything else is.
    if previous in DONE_STATUSES and status not in DONE_STATUSES:
        changes["reopened_at"] = at
    return replace(stats, **changes)


def _status_changed(state: TicketState, event: TicketStatusChanged) -> TicketState:
    stats = _stats_after_status(state.stats, state.status, event.status, event.at)
    return replace(state, status=event.status, stats=stats)


def _priority_changed(state: TicketState, event: TicketPriorityChanged) -> TicketState:
    return replace(state, priority=event.priority)


def _assigned(state: TicketState, event: TicketAssigned) -> TicketState:
    return replace(state, responder_id=event.responder_id)


def _group_changed(state: TicketState, event: TicketGroupChanged) -> TicketState:
    return replace(state, group_id=event.group_id)


def _with_conversation(state: TicketState, conversation: ConversationState) -> TicketState:
    # Copy, never mutate: earlier states may still be held by the caller (activities do).
    conversations = dict(state.conversations)
    conversations[conversation.id] = conversation
    return replace(state, conversations=conversations)


def _reply_added(state: TicketState, event: ReplyAdded) -> TicketState:
    state = _with_conversation(state, _new_conversation(event, "reply", private=False))
    if event.incoming:
        stats = replace(state.stats, requester_responded_at=event.at)
    else:
        stats = replace(
            state.stats,
            agent_responded_at=event.at,
            first_responded_at=state.stats.first_responded_at or event.at,
        )
    return replace(state, stats=stats)


def _note_added(state: TicketState, event: NoteAdded) -> TicketState:
    return _with_conversation(state, _new_conversation(event, "note", private=event.private))


def _new_conversation(
    event: ReplyAdded | NoteAdded, kind: str, *, private: bool
) -> ConversationState:
    return ConversationState(
        id=event.conversation_id,
        kind=kind,
        private=private,
        incoming=event.incoming,
        user_id=event.user_id,
        created_at=event.at,
        updated_at=event.at,
        body=event.body,
    )


def _note_edited(state: TicketState, event: NoteEdited) -> TicketState:
    note = state.conversations[event.conversation_id]
    return _with_conversation(state, replace(note, body=event.body, updated_at=event.at))


def _conversation_deleted(state: TicketState, event: ConversationDeleted) -> TicketState:
    conversation = state.conversations[event.conversation_id]
    return _with_conversation(state, replace(conversation, deleted=True))


def _flag_setter(**flags: bool) -> Callable[[TicketState, DomainEvent], TicketState]:
    def apply(state: TicketState, event: DomainEvent) -> TicketState:
        return replace(state, **flags)

    return apply


_APPLIERS: dict[type[DomainEvent], Callable[[TicketState, Any], TicketState]] = {
    TicketCreated: _created,
    TicketPropertiesChanged: _properties_changed,
    TicketStatusChanged: _status_changed,
    TicketPriorityChanged: _priority_changed,
    TicketAssigned: _assigned,
    TicketGroupChanged: _group_changed,
    ReplyAdded: _reply_added,
    NoteAdded: _note_added,
    NoteEdited: _note_edited,
    ConversationDeleted: _conversation_deleted,
    TicketDeleted: _flag_setter(deleted=True),
    TicketRestored: _flag_setter(deleted=False),
    TicketMarkedSpam: _flag_setter(spam=True),
    TicketUnmarkedSpam: _flag_setter(spam=False),
}
