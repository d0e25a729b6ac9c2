"""Decide which events a command produces on a ticket, or raise the domain error forbidding it.

One branch per command class, registered with `@_decide.register`. Each branch states the
ticket states it refuses first (`_writable`), then checks the command and returns its events.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import singledispatch
from typing import Any

from shopnest.domain.aggregate import DecisionContext

from . import events as ev
from . import validation as valid
from .commands import (
    REQUESTER_FIELDS,
    CreateTicket,
    DeleteTicket,
    MarkSpam,
    RestoreTicket,
    UnmarkSpam,
    UpdateTicket,
)
from .errors import (
    InvalidValue,
    TicketAlreadyExists,
    TicketNotFound,
    TicketNotWritable,
    ValidationFailed,
)
from .state import Requester, TicketState

Events = list[ev.TicketEvent]
# Changed fields that have an event of their own; the rest go into TicketPropertiesChanged.
_DEDICATED_FIELDS = frozenset({"status", "priority", "responder_id", "group_id"})


def decide(state: TicketState, command: Any, ctx: DecisionContext) -> Events:
    """Return the events `command` produces on the ticket in `state`.

    An empty list means the command changes nothing (restoring a ticket that is not deleted,
    an update that sends the current values).
    """
    return _decide(command, state, ctx)


@singledispatch
def _decide(command: Any, state: TicketState, ctx: DecisionContext) -> Events:
    raise TypeError(f"No ticket decision for {type(command).__name__}")


def _writable(state: TicketState, command: Any, *, unless: tuple[str, ...]) -> None:
    """Refuse a command on a missing ticket, or on one that is in any of the `unless` states
    ("deleted": in the trash, "spam")."""
    if not state.exists:
        raise TicketNotFound(getattr(command, "ticket_id", None))
    for flag in unless:
        if getattr(state, flag):
            raise TicketNotWritable(state.id, flag)


def _no_requester() -> ValidationFailed:
    return ValidationFailed(
        [InvalidValue("requester_id", "There is no contact matching the given requester_id")])


@_decide.register
def _create(command: CreateTicket, state: TicketState, ctx: DecisionContext) -> Events:
    if state.exists:
        raise TicketAlreadyExists(state.id)
    requester: Requester | None = ctx.ref("requester")
    if requester is None:
        raise _no_requester()
    sent = {name: value for name, value in command.fields.items() if name not in REQUESTER_FIELDS}
    fields = valid.new_ticket_fields(sent)
    _check_references(fields, ctx)
    fields["company_id"] = _company(fields.get("company_id"), requester, sent="company_id" in sent)
    return [ev.TicketCreated(ticket_id=ctx.new_id("ticket"), requester_id=requester.id,
                          requester_email=requester.email, at=ctx.now, actor_id=ctx.actor_id,
                          **fields)]


@_decide.register
def _update(command: UpdateTicket, state: TicketState, ctx: DecisionContext) -> Events:
    _writable(state, command, unless=("deleted", "spam"))
    # The requester is judged first and alone: a client learns that the contact is wrong
    # before anything about the other fields.
    requester = _new_requester(state, command, ctx)
    fields = {name: value for name, value in command.changes.items()
              if name == "requester_id" or name not in REQUESTER_FIELDS}
    new = valid.ticket_fields(fields, allowed=valid.UPDATABLE_FIELDS)
    if "custom_fields" in new:
        # Clients send only the custom fields they change; the rest keep their values.
        new["custom_fields"] = {**state.custom_fields, **new["custom_fields"]}
    if requester is not None and requester.id != state.requester_id:
        # The old address belongs to the old requester: replies must not go there.
        new.update(requester_id=requester.id, requester_email=requester.email)
    _check_references({k: v for k, v in new.items() if v != _current(state, k)}, ctx)
    judged = requester if requester is not None else ctx.refs.get("current_requester")
    if judged is not None and ("company_id" in new or judged.id != state.requester_id):
        # The ticket's company is one of its requester's; a new requester brings their own
        # unless the ticket's company is one of theirs too.
        new["company_id"] = _company(new.get("company_id", state.company_id), judged,
                                     sent="company_id" in new)
    changed = {name: value for name, value in new.items() if value != _current(state, name)}
    return _update_events(state, changed, ctx)


def _company(company_id: int | None, requester: Requester, *, sent: bool) -> int | None:
    """The ticket's company: the one sent, which must be one of the requester's companies;
    otherwise the requester's main company (None: they belong to none)."""
    if company_id is None:
        return None if sent or not requester.company_ids else requester.company_ids[0]
    if company_id not in requester.company_ids:
        if not sent:
            return requester.company_ids[0] if requester.company_ids else None
        raise ValidationFailed([InvalidValue(
            "company_id", "The requester does not belong to this company")])
    return company_id


# What each reference field names, for the message when nothing has the id.
_REFERENCES = {"responder_id": "agent", "company_id": "company", "group_id": "group"}


def _check_references(fields: dict[str, Any], ctx: DecisionContext) -> None:
    """A ticket names only people and things that exist: the handler loaded each one named
    into `ctx.refs` under the field's name (None: nothing has that id)."""
    unknown = [name for name in _REFERENCES if fields.get(name) is not None
               and getattr(ctx.refs.get(name), "id", None) != fields[name]]
    if unknown:
        raise ValidationFailed([
            InvalidValue(name, f"There is no {_REFERENCES[name]} with this {name}")
            for name in unknown])


def _new_requester(state: TicketState, command: UpdateTicket, ctx: DecisionContext
                   ) -> Requester | None:
    """The requester the update names (None: it names none): by `requester_id`, or by the
    contact fields (`email`, `phone`, ...) the handler resolved into `ctx.refs["requester"]`,
    creating the contact when it was new, as on create."""
    if "requester_id" in command.changes:
        requester_id = valid.single("requester_id", valid.requester_id,
                                    command.changes["requester_id"])
        if requester_id == state.requester_id:
            return Requester(requester_id, state.requester_email)
    elif not any(name in command.changes for name in REQUESTER_FIELDS):
        return None
    else:
        requester_id = None
    requester: Requester | None = ctx.refs.get("requester")
    if requester is None or (requester_id is not None and requester.id != requester_id):
        raise _no_requester()
    return requester


def _current(state: TicketState, name: str) -> Any:
    """Return the state's value of `name` in event form (lists and dicts), for comparing."""
    value = getattr(state, name)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Mapping):
        return dict(value)
    return value


def _update_events(state: TicketState, changed: dict[str, Any], ctx: DecisionContext) -> Events:
    """Split the changed fields into the event for plain properties and the dedicated ones."""
    stamp = {"at": ctx.now, "actor_id": ctx.actor_id}
    events: Events = []
    properties = {name: value for name, value in changed.items() if name not in _DEDICATED_FIELDS}
    if properties:
        events.append(ev.TicketPropertiesChanged(changes=properties, **stamp))
    if "status" in changed:
        events.append(ev.TicketStatusChanged(status=changed["status"],
                                             previous_status=state.status, **stamp))
    if "priority" in changed:
        events.append(ev.TicketPriorityChanged(priority=changed["priority"], **stamp))
    if "responder_id" in changed:
        events.append(ev.TicketAssigned(responder_id=changed["responder_id"], **stamp))
    if "group_id" in changed:
        events.append(ev.TicketGroupChanged(group_id=changed["group_id"], **stamp))
    return events


@_decide.register
def _delete(command: DeleteTicket, state: TicketState, ctx: DecisionContext) -> Events:
    _writable(state, command, unless=("deleted",))  # a spam ticket may still go to the trash
    return [ev.TicketDeleted(at=ctx.now, actor_id=ctx.actor_id)]


@_decide.register
def _restore(command: RestoreTicket, state: TicketState, ctx: DecisionContext) -> Events:
    _writable(state, command, unless=())
    return [ev.TicketRestored(at=ctx.now, actor_id=ctx.actor_id)] if state.deleted else []


@_decide.register
def _mark_spam(command: MarkSpam, state: TicketState, ctx: DecisionContext) -> Events:
    _writable(state, command, unless=("deleted",))
    return [] if state.spam else [ev.TicketMarkedSpam(at=ctx.now, actor_id=ctx.actor_id)]


@_decide.register
def _unmark_spam(command: UnmarkSpam, state: TicketState, ctx: DecisionContext) -> Events:
    _writable(state, command, unless=())
    return [ev.TicketUnmarkedSpam(at=ctx.now, actor_id=ctx.actor_id)] if state.spam else []


# The conversation branches register themselves on import.
from . import conversations, watchers  # noqa: E402,F401
