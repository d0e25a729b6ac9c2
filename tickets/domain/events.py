"""Events of the ticket stream: facts in the past tense, stored as JSON and never rewritten.

Each event class names itself in `TYPE` (the name stored beside its data, so it must never
change) and converts to and from plain JSON data. Values are kept JSON-native inside the
event too (lists, dicts, plain ints), so `from_data(e.to_data()) == e` always holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, TypeVar

E = TypeVar("E", bound="DomainEvent")


def to_json_value(value: Any) -> Any:
    """Return `value` as fresh JSON-native data: tuples become lists, IntEnums plain ints."""
    if isinstance(value, bool) or value is None or isinstance(value, str | float):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, dict):
        return {key: to_json_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_json_value(item) for item in value]
    raise TypeError(f"{type(value).__name__} is not JSON data")


@dataclass(frozen=True)
class DomainEvent:
    """Base of every event: when it happened (`at`, UTC ISO-8601) and who did it."""

    TYPE: ClassVar[str] = ""
    SCHEMA_VERSION: ClassVar[int] = 1

    at: str = field(kw_only=True)
    actor_id: int | None = field(default=None, kw_only=True)

    def __post_init__(self) -> None:
        # Frozen, yet normalised once here so equality never depends on tuple-vs-list.
        for f in fields(self):
            object.__setattr__(self, f.name, to_json_value(getattr(self, f.name)))

    def to_data(self) -> dict[str, Any]:
        """Return the event's fields as a JSON-serialisable dict."""
        return {f.name: to_json_value(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_data(cls: type[E], data: dict[str, Any]) -> E:
        """Rebuild the event from `to_data` output; absent optional fields take defaults."""
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})


@dataclass(frozen=True)
class TicketCreated(DomainEvent):
    """A ticket was opened with these fields."""

    TYPE: ClassVar[str] = "TicketCreated"

    ticket_id: int
    requester_id: int
    requester_email: str | None = None
    subject: str | None = None
    description: str | None = None
    status: int = 2
    priority: int = 1
    source: int = 2
    type: str | None = None
    tags: list[str] = field(default_factory=list)
    responder_id: int | None = None
    group_id: int | None = None
    company_id: int | None = None
    product_id: int | None = None
    email_config_id: int | None = None
    cc_emails: list[str] = field(default_factory=list)
    custom_fields: dict[str, Any] = field(default_factory=dict)
    due_by: str | None = None
    fr_due_by: str | None = None


@dataclass(frozen=True)
class TicketPropertiesChanged(DomainEvent):
    """Plain fields that changed, with their new values (custom_fields already merged)."""

    TYPE: ClassVar[str] = "TicketPropertiesChanged"

    changes: dict[str, Any]


@dataclass(frozen=True)
class TicketStatusChanged(DomainEvent):
    """The ticket moved from `previous_status` to `status`."""

    TYPE: ClassVar[str] = "TicketStatusChanged"

    status: int
    previous_status: int | None = None


@dataclass(frozen=True)
class TicketPriorityChanged(DomainEvent):
    """The ticket's priority changed."""

    TYPE: ClassVar[str] = "TicketPriorityChanged"

    priority: int


@dataclass(frozen=True)
class TicketAssigned(DomainEvent):
    """The ticket got a new responder; None means it was unassigned."""

    TYPE: ClassVar[str] = "TicketAssigned"

    responder_id: int | None


@dataclass(frozen=True)
class TicketGroupChanged(DomainEvent):
    """The ticket moved to another group; None means no group."""

    TYPE: ClassVar[str] = "TicketGroupChanged"

    group_id: int | None


@dataclass(frozen=True)
class ReplyAdded(DomainEvent):
    """A public reply was added; `incoming` when the requester wrote it."""

    TYPE: ClassVar[str] = "ReplyAdded"

    conversation_id: int
    body: str
    body_text: str
    user_id: int | None
    incoming: bool = False
    from_email: str | None = None
    to_emails: list[str] = field(default_factory=list)
    cc_emails: list[str] = field(default_factory=list)
    bcc_emails: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class NoteAdded(DomainEvent):
    """A note was added, private unless `private` is False."""

    TYPE: ClassVar[str] = "NoteAdded"

    conversation_id: int
    body: str
    body_text: str
    user_id: int | None
    private: bool = True
    incoming: bool = False
    notify_emails: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class NoteEdited(DomainEvent):
    """A note's body was replaced."""

    TYPE: ClassVar[str] = "NoteEdited"

    conversation_id: int
    body: str
    body_text: str


@dataclass(frozen=True)
class ConversationDeleted(DomainEvent):
    """A reply or note was removed from the ticket."""

    TYPE: ClassVar[str] = "ConversationDeleted"

    conversation_id: int


@dataclass(frozen=True)
class TicketDeleted(DomainEvent):
    """The ticket was moved to the trash."""

    TYPE: ClassVar[str] = "TicketDeleted"


@dataclass(frozen=True)
class TicketRestored(DomainEvent):
    """The ticket was brought back from the trash."""

    TYPE: ClassVar[str] = "TicketRestored"


@dataclass(frozen=True)
class TicketMarkedSpam(DomainEvent):
    """The ticket was marked as spam."""

    TYPE: ClassVar[str] = "TicketMarkedSpam"


@dataclass(frozen=True)
class TicketUnmarkedSpam(DomainEvent):
    """The ticket was taken out of spam."""

    TYPE: ClassVar[str] = "TicketUnmarkedSpam"


EVENT_TYPES: dict[str, type[DomainEvent]] = {
    cls.TYPE: cls
    for cls in (
        TicketCreated,
        TicketPropertiesChanged,
        TicketStatusChanged,
        TicketPriorityChanged,
        TicketAssigned,
        TicketGroupChanged,
        ReplyAdded,
        NoteAdded,
        NoteEdited,
        ConversationDeleted,
        TicketDeleted,
        TicketRestored,
        TicketMarkedSpam,
        TicketUnmarkedSpam,
    )
}


def event_from_data(type_name: str, data: dict[str, Any]) -> DomainEvent:
    """Rebuild a stored ticket event from its type name and JSON data."""
    try:
        cls = EVENT_TYPES[type_name]
    except KeyError:
        raise ValueError(f"Unknown ticket event type {type_name!r}") from None
    return cls.from_data(data)
