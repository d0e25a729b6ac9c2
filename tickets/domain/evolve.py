"""Apply one event to a ticket's state: pure, no clock, no checks (events were valid when decided).

One branch per event class, registered with `@_branch`: a new event needs its class and its
branch here, nothing more.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import fields
from typing import Any

from shopnest.domain.events import ERASED_TEXT
from shopnest.domain.states import replace

from . import events as ev
from .codes import DONE_STATUSES, Status
from .state import ConversationState, TicketState, TicketStats

# Event fields stored as tuples in state, so that state stays immutable.
_TUPLE_FIELDS = frozenset({"tags", "cc_emails"})


Branch = Callable[[Any, TicketState], TicketState]

# The branch of each event class. A dict found by the event's exact class: a rebuild folds
# every event of the history, and `functools.singledispatch` finds its branch through a
# weak-keyed cache in Python, which cost as much as most branches themselves.
_BRANCHES: dict[type, Branch] = {}


def evolve(state: TicketState, event: ev.TicketEvent) -> TicketState:
    """Return the state after `event`; every event moves `updated_at`."""
    branch = _BRANCHES.get(type(event))
    if branch is None:
        raise TypeError(f"A ticket cannot fold {type(event).__name__}")
    return replace(branch(event, state), updated_at=event.at)


def _branch(fn: Branch) -> Branch:
    """Register `fn` as the branch of the event class its `event` parameter is annotated with."""
    _BRANCHES[typing.get_type_hints(fn)["event"]] = fn
    return fn


def _field_value(name: str, value: Any) -> Any:
    if name in _TUPLE_FIELDS:
        return tuple(value or ())
    if name == "custom_fields":
        return dict(value or {})
    return value


# The fields of TicketCreated that the state holds as they are (read once, not per event).
_CREATED_FIELDS = tuple(f.name for f in fields(ev.TicketCreated)
                        if f.name not in ("ticket_id", "at", "actor_id"))


@_branch
def _created(event: ev.TicketCreated, state: TicketState) -> TicketState:
    # An event's values are JSON data already (DomainEvent normalises them): no copy of
    # to_data() is needed, and _field_value copies what the state keeps in its own types.
    values = {name: _field_value(name, getattr(event, name)) for name in _CREATED_FIELDS}
    stats = _stats_after_status(TicketStats(), None, event.status, event.at)
    return replace(
        state, exists=True, id=event.ticket_id, created_at=event.at, stats=stats, **values
    )


@_branch
def _properties_changed(event: ev.TicketPropertiesChanged, state: TicketState) -> TicketState:
    values = {name: _field_value(name, value) for name, value in event.changes.items()}
    return replace(state, **values)


@_branch
def _requester_changed(event: ev.TicketRequesterChanged, state: TicketState) -> TicketState:
    return replace(state, requester_id=event.requester_id, requester_email=event.requester_email)


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


@_branch
def _status_changed(event: ev.TicketStatusChanged, state: TicketState) -> TicketState:
    stats = _stats_after_status(state.stats, state.status, event.status, event.at)
    return replace(state, status=event.status, stats=stats)


@_branch
def _priority_changed(event: ev.TicketPriorityChanged, state: TicketState) -> TicketState:
    return replace(state, priority=event.priority)


@_branch
def _assigned(event: ev.TicketAssigned, state: TicketState) -> TicketState:
    return replace(state, responder_id=event.responder_id)


@_branch
def _group_changed(event: ev.TicketGroupChanged, state: TicketState) -> TicketState:
    return replace(state, group_id=event.group_id)


def _with_conversation(state: TicketState, conversation: ConversationState) -> TicketState:
    # Copy, never mutate: earlier states may still be held by the caller (history does).
    conversations = dict(state.conversations)
    conversations[conversation.id] = conversation
    return replace(state, conversations=conversations)


@_branch
def _reply_added(event: ev.ReplyAdded, state: TicketState) -> TicketState:
    reply = ConversationState(
        id=event.conversation_id, kind="reply", private=False, incoming=event.incoming,
        user_id=event.user_id, body=event.body, body_text=event.body_text,
        created_at=event.at, updated_at=event.at, from_email=event.from_email,
        to_emails=tuple(event.to_emails), cc_emails=tuple(event.cc_emails),
        bcc_emails=tuple(event.bcc_emails),
    )
    state = _with_conversation(state, reply)
    if event.incoming:
        stats = replace(state.stats, requester_responded_at=event.at)
    else:
        stats = replace(
            state.stats,
            agent_responded_at=event.at,
            first_responded_at=state.stats.first_responded_at or event.at,
        )
    return replace(state, stats=stats)


@_branch
def _note_added(event: ev.NoteAdded, state: TicketState) -> TicketState:
    note = ConversationState(
        id=event.conversation_id, kind="note", private=event.private, incoming=event.incoming,
        user_id=event.user_id, body=event.body, body_text=event.body_text,
        created_at=event.at, updated_at=event.at, notify_emails=tuple(event.notify_emails),
    )
    return _with_conversation(state, note)


@_branch
def _note_edited(event: ev.NoteEdited, state: TicketState) -> TicketState:
    note = state.conversations[event.conversation_id]
    edited = replace(note, body=event.body, body_text=event.body_text, updated_at=event.at,
                     last_edited_at=event.at, last_edited_user_id=event.actor_id)
    return _with_conversation(state, edited)


@_branch
def _conversation_deleted(event: ev.ConversationDeleted, state: TicketState) -> TicketState:
    conversation = state.conversations[event.conversation_id]
    return _with_conversation(state, replace(conversation, deleted=True, updated_at=event.at))


@_branch
def _deleted(event: ev.TicketDeleted, state: TicketState) -> TicketState:
    return replace(state, deleted=True)


@_branch
def _restored(event: ev.TicketRestored, state: TicketState) -> TicketState:
    return replace(state, deleted=False)


@_branch
def _marked_spam(event: ev.TicketMarkedSpam, state: TicketState) -> TicketState:
    return replace(state, spam=True)


@_branch
def _unmarked_spam(event: ev.TicketUnmarkedSpam, state: TicketState) -> TicketState:
    return replace(state, spam=False)


@_branch
def _watcher_added(event: ev.WatcherAdded, state: TicketState) -> TicketState:
    return replace(state, watcher_ids=(*state.watcher_ids, event.user_id))


@_branch
def _watcher_removed(event: ev.WatcherRemoved, state: TicketState) -> TicketState:
    return replace(state, watcher_ids=tuple(w for w in state.watcher_ids if w != event.user_id))


@_branch
def _contact_erased(event: ev.ContactErasedFromTicket, state: TicketState) -> TicketState:
    # The same values an erased sealed field reads as (the fields' defaults, ERASED_TEXT for
    # required text), so folding the history again gives this very state.
    erased = event.contact_id
    address = state.requester_email if state.requester_id == erased else None
    if event.opened:
        state = replace(state, subject=None, description=None, cc_emails=())
    if state.requester_id == erased:
        state = replace(state, requester_email=None)
    conversations = {cid: _conversation_without(c, erased, address)
                     for cid, c in state.conversations.items()}
    return replace(state, conversations=conversations)


def _conversation_without(conversation: ConversationState, erased: int,
                          address: str | None) -> ConversationState:
    if conversation.kind == "reply" and conversation.incoming and conversation.user_id == erased:
        return replace(conversation, body=ERASED_TEXT, body_text=ERASED_TEXT, from_email=None,
                       to_emails=(), cc_emails=(), bcc_emails=())
    if conversation.kind == "reply" and not conversation.incoming and address \
            and address in conversation.to_emails:
        return replace(conversation, to_emails=())  # sealed as the recipient's (ReplyAdded)
    return conversation
