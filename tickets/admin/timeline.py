"""A ticket's history as an agent would tell it: who did what, how, and what changed.

Built from the same activities the API answers with (read from the activity tables): the
actor's name instead of an id, labels instead of codes ("Status: Open → Pending"), the
channel in words, and a creation summed up rather than dumped field by field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from tickets.admin.names import display_names
from tickets.domain.codes import Priority, Source, Status

VIA = {"api": "via the API", "admin": "in the back office", "cli": "from the command line",
       "worker": "automatically", "system": "by the system"}
WHAT = {
    "TicketCreated": "created the ticket", "TicketDeleted": "moved the ticket to the trash",
    "TicketRestored": "restored the ticket from the trash",
    "TicketMarkedSpam": "marked the ticket as spam",
    "TicketUnmarkedSpam": "took the ticket out of spam", "NoteEdited": "edited a note",
    "WatcherAdded": "started a watch", "WatcherRemoved": "ended a watch",
    "ContactErasedFromTicket": "erased a contact's data",
}
# Field labels, in the order changes are told; fields not listed (stats, derived texts,
# Freshdesk's mirrored cc lists) say nothing an agent would miss.
LABELS = {"status": "Status", "priority": "Priority", "responder_id": "Agent",
          "group_id": "Group", "type": "Type", "subject": "Subject", "tags": "Tags",
          "requester_id": "Requester", "company_id": "Company", "product_id": "Product",
          "source": "Source", "due_by": "Due", "fr_due_by": "First response due",
          "cc_emails": "CC", "custom_fields": "Custom fields", "description": "Description",
          "spam": "Spam", "deleted": "In the trash"}
_PEOPLE = ("responder_id", "requester_id")
GENERIC = "changed the ticket"


@dataclass(frozen=True)
class Entry:
    when: str
    who: str
    how: str
    what: str
    details: list[str] = field(default_factory=list)


def timeline(activities: list[dict[str, Any]]) -> list[Entry]:
    """Return the entries of `activities`, newest first: one per command (its events share a
    correlation id), so an update of status and priority is one entry, as it was one act."""
    names = display_names({a["actor_id"] for a in activities}
                          | {value for a in activities for name in _PEOPLE
                             for value in a["changes"].get(name, [])})
    return [_merged([_entry(a, names) for a in act]) for act in reversed(_acts(activities))]


def newest_acts(newest_first: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """Return the first `count` activities of a newest-first list, and then those that belong
    to the same act as the last of them, so that no act is cut across two pages."""
    shown = newest_first[:count]
    for activity in newest_first[count:]:
        if not _same_act(shown[-1], activity):
            break
        shown.append(activity)
    return shown


def _same_act(one: dict[str, Any], other: dict[str, Any]) -> bool:
    return one.get("correlation_id") is not None and \
        one["correlation_id"] == other.get("correlation_id")


def _acts(activities: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    acts: list[list[dict[str, Any]]] = []
    for activity in activities:
        if acts and _same_act(acts[-1][-1], activity):
            acts[-1].append(activity)
        else:
            acts.append([activity])
    return acts


def _merged(entries: list[Entry]) -> Entry:
    told = [e.what for e in entries if e.what != GENERIC]
    return Entry(when=entries[0].when, who=entries[0].who, how=entries[0].how,
                 what=" and ".join(dict.fromkeys(told)) or GENERIC,
                 details=[line for e in entries for line in e.details])


def _entry(activity: dict[str, Any], names: dict[int, str]) -> Entry:
    actor = activity["actor_id"]
    who = names.get(actor, f"user {actor}") if actor is not None else "The system"
    changes, event = activity["changes"], activity["event"]
    if event == "TicketCreated":
        details = [f"{LABELS[n]}: {_value(n, changes[n][1], names)}"
                   for n in ("source", "status", "priority", "responder_id", "group_id")
                   if n in changes]
    else:
        details = [f"{LABELS[n]}: {_value(n, changes[n][0], names)} → "
                   f"{_value(n, changes[n][1], names)}" for n in LABELS if n in changes
                   and n != "description"]
        if "description" in changes:
            details.append("Description: changed")
    return Entry(when=activity["performed_at"], who=who,
                 how=VIA.get(activity.get("via") or "", "by other means"),
                 what=_what(event, activity.get("conversation")), details=details)


def _what(event: str, conversation: dict[str, Any] | None) -> str:
    if event == "ReplyAdded":
        return "wrote back" if conversation and conversation["incoming"] else "replied"
    if event == "NoteAdded":
        return "added a private note" if conversation and conversation["private"] else \
            "added a public note"
    if event == "ConversationDeleted":
        return f"deleted a {conversation['kind'] if conversation else 'conversation'}"
    return WHAT.get(event, GENERIC)


def _label_of(enum: type[IntEnum]) -> Callable[[Any], str]:
    def label(value: Any) -> str:
        try:
            return enum(value).name.replace("_", " ").title()
        except ValueError:
            return str(value)
    return label


_CODES = {"status": _label_of(Status), "priority": _label_of(Priority),
          "source": _label_of(Source)}


def _value(name: str, value: Any, names: dict[int, str]) -> str:
    if value is None or value == [] or value == {}:
        return "—"
    if name in _CODES:
        return _CODES[name](value)
    if name in _PEOPLE:
        return names.get(value, f"user {value}")
    if name == "group_id":
        return f"group {value}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)
