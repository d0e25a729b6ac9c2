"""Decide which events a command produces on a ticket, or raise the domain error that forbids it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from . import validation as valid
from .commands import (
    UPDATABLE_FIELDS,
    AddNote,
    AddReply,
    CreateTicket,
    DeleteConversation,
    DeleteTicket,
    EditNote,
    MarkSpam,
    RestoreTicket,
    UnmarkSpam,
    UpdateTicket,
)
from .conversations import (
    decide_add_note,
    decide_add_reply,
    decide_delete_conversation,
    decide_edit_note,
)
from .errors import TicketAlreadyExists, TicketNotFound, TicketNotWritable
from .events import (
    DomainEvent,
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
from .state import TicketState

# Commands refused with 405 while the ticket is in the trash or in spam. The others either
# get it out of there (restore, unspam), or are harmless there (delete a spam ticket).
_BLOCKED_WHEN_DELETED = frozenset(
    {UpdateTicket, AddReply, AddNote, EditNote, DeleteConversation, DeleteTicket, MarkSpam}
)
_BLOCKED_WHEN_SPAM = frozenset({UpdateTicket, AddReply, AddNote, EditNote, DeleteConversation})


def decide(state: TicketState, command: Any, now: str) -> list[DomainEvent]:
    """Return the events `command` produces on the ticket in `state`, stamped with `now`.

    An empty list means the command changes nothing (restoring a ticket that is not deleted,
    an update that sends the current values).
    """
    try:
        handler = _HANDLERS[type(command)]
    except KeyError:
        raise TypeError(f"No ticket decision for {type(command).__name__}") from None
    if not isinstance(command, CreateTicket):
        _check_writable(state, command)
    return handler(state, command, now)


def _check_writable(state: TicketState, command: Any) -> None:
    if not state.exists:
        raise TicketNotFound(command.ticket_id)
    if state.deleted and type(command) in _BLOCKED_WHEN_DELETED:
        raise TicketNotWritable(state.id, "deleted")
    if state.spam and type(command) in _BLOCKED_WHEN_SPAM:
        raise TicketNotWritable(state.id, "spam")


def _create(state: TicketState, command: CreateTicket, now: str) -> list[DomainEvent]:
    if state.exists:
        raise TicketAlreadyExists(command.ticket_id)
    fields = valid.ticket_fields(
        {name: getattr(command, name) for name in valid.TICKET_FIELD_CHECKS}
    )
    return [TicketCreated(ticket_id=command.ticket_id, at=now, actor_id=command.actor_id, **fields)]


def _update(state: TicketState, command: UpdateTicket, now: str) -> list[DomainEvent]:
    new = valid.ticket_fields(command.changes, allowed=UPDATABLE_FIELDS)
    if "custom_fields" in new:
        # Clients send only the custom fields they change; the rest keep their values.
        new["custom_fields"] = {**state.custom_fields, **new["custom_fields"]}
    if "requester_id" in new and new["requester_id"] != state.requester_id:
        # The old address belongs to the old requester: replies must not go there.
        new.setdefault("requester_email", None)
    changed = {name: value for name, value in new.items() if value != _current(state, name)}
    return _update_events(state, changed, at=now, actor_id=command.actor_id)


def _current(state: TicketState, name: str) -> Any:
    """Return the state's value of `name` in event form (lists and dicts), for comparing."""
    value = getattr(state, name)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Mapping):
        return dict(value)
    return value


def _update_events(
    state: TicketState, changed: dict[str, Any], *, at: str, actor_id: int | None
) -> list[DomainEvent]:
    """Split the changed fields into the event for plain properties and the dedicated ones."""
    events: list[DomainEvent] = []
    dedicated = {"status", "priority", "responder_id", "group_id"}
    properties = {name: value for name, value in changed.items() if name not in dedicated}
    if properties:
        events.append(TicketPropertiesChanged(changes=properties, at=at, actor_id=actor_id))
    if "status" in changed:
        events.append(
            TicketStatusChanged(
                status=changed["status"], previous_status=state.status, at=at, actor_id=actor_id
            )
        )
    if "priority" in changed:
        events.append(TicketPriorityChanged(priority=changed["priority"], at=at, actor_id=actor_id))
    if "responder_id" in changed:
        events.append(
            TicketAssigned(responder_id=changed["responder_id"], at=at, actor_id=actor_id)
        )
    if "group_id" in changed:
        events.append(TicketGroupChanged(group_id=changed["group_id"], at=at, actor_id=actor_id))
    return events


def _delete(state: TicketState, command: DeleteTicket, now: str) -> list[DomainEvent]:
    return [TicketDeleted(at=now, actor_id=command.actor_id)]


def _restore(state: TicketState, command: RestoreTicket, now: str) -> list[DomainEvent]:
    if not state.deleted:
        return []
    return [TicketRestored(at=now, actor_id=command.actor_id)]


def _mark_spam(state: TicketState, command: MarkSpam, now: str) -> list[DomainEvent]:
    if state.spam:
        return []
    return [TicketMarkedSpam(at=now, actor_id=command.actor_id)]


def _unmark_spam(state: TicketState, command: UnmarkSpam, now: str) -> list[DomainEvent]:
    if not state.spam:
        return []
    return [TicketUnmarkedSpam(at=now, actor_id=command.actor_id)]


_HANDLERS: dict[type, Callable[[TicketState, Any, str], list[DomainEvent]]] = {
    CreateTicket: _create,
    UpdateTicket: _update,
    AddReply: decide_add_reply,
    AddNote: decide_add_note,
    EditNote: decide_edit_note,
    DeleteConversation: decide_delete_conversation,
    DeleteTicket: _delete,
    RestoreTicket: _restore,
    MarkSpam: _mark_spam,
    UnmarkSpam: _unmark_spam,
}
