"""Events of the ticket stream: facts in the past tense, stored as JSON and never rewritten.

Every class here is a TicketEvent, and so one of the ticket aggregate's events: declaring a
class is all it takes for the store's reader, the aggregate and its projections to know it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from shopnest.domain.events import DomainEvent, person_key


@dataclass(frozen=True)
class TicketEvent(DomainEvent):
    """The family of events a ticket stream holds.

    What the requester wrote or is (PERSONAL) is sealed under the requester's key
    (docs/erasure.md); what agents wrote is not theirs and stays plain."""

    PERSON_KIND: ClassVar[str] = "contact"


@dataclass(frozen=True)
class TicketCreated(TicketEvent):
    """A ticket was opened with these fields."""

    TYPE: ClassVar[str] = "TicketCreated"
    PERSONAL: ClassVar[tuple[str, ...]] = ("requester_email", "subject", "description",
                                           "cc_emails")
    PERSON: ClassVar[str] = "requester_id"

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
class TicketPropertiesChanged(TicketEvent):
    """Plain fields that changed, with their new values (custom_fields already merged)."""

    TYPE: ClassVar[str] = "TicketPropertiesChanged"

    changes: dict[str, Any]


@dataclass(frozen=True)
class TicketRequesterChanged(TicketEvent):
    """The ticket is now for another contact, reached at `requester_email` (their personal
    data, sealed under them). Older streams hold this in TicketPropertiesChanged."""

    TYPE: ClassVar[str] = "TicketRequesterChanged"
    PERSONAL: ClassVar[tuple[str, ...]] = ("requester_email",)
    PERSON: ClassVar[str] = "requester_id"

    requester_id: int
    requester_email: str | None = None


@dataclass(frozen=True)
class TicketStatusChanged(TicketEvent):
    """The ticket moved from `previous_status` to `status`."""

    TYPE: ClassVar[str] = "TicketStatusChanged"

    status: int
    previous_status: int | None = None


@dataclass(frozen=True)
class TicketPriorityChanged(TicketEvent):
    """The ticket's priority changed."""

    TYPE: ClassVar[str] = "TicketPriorityChanged"

    priority: int


@dataclass(frozen=True)
class TicketAssigned(TicketEvent):
    """The ticket got a new responder; None means it was unassigned."""

    TYPE: ClassVar[str] = "TicketAssigned"

    responder_id: int | None


@dataclass(frozen=True)
class TicketGroupChanged(TicketEvent):
    """The ticket moved to another group; None means no group."""

    TYPE: ClassVar[str] = "TicketGroupChanged"

    group_id: int | None


@dataclass(frozen=True)
class ReplyAdded(TicketEvent):
    """A public reply was added; `incoming` when the requester wrote it.

    An incoming reply is the requester's (`user_id`) personal data, sealed under their key;
    an agent's reply is the agent's, only its recipients are the requester's."""

    TYPE: ClassVar[str] = "ReplyAdded"
    PERSONAL: ClassVar[tuple[str, ...]] = ("body", "body_text", "from_email", "to_emails",
                                           "cc_emails", "bcc_emails")

    conversation_id: int
    body: str
    body_text: str
    user_id: int | None
    incoming: bool = False
    from_email: str | None = None
    to_emails: list[str] = field(default_factory=list)
    cc_emails: list[str] = field(default_factory=list)
    bcc_emails: list[str] = field(default_factory=list)
    # The requester an agent's reply was sent to (their address is in `to_emails`).
    recipient_id: int | None = None

    def person_of(self) -> str | None:
        owner = self.user_id if self.incoming else self.recipient_id
        return None if owner is None else person_key(self.PERSON_KIND, owner)

    def personal_fields(self) -> tuple[str, ...]:
        if self.person_of() is None:
            return ()
        return self.PERSONAL if self.incoming else ("to_emails",)


@dataclass(frozen=True)
class NoteAdded(TicketEvent):
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
class NoteEdited(TicketEvent):
    """A note's body was replaced."""

    TYPE: ClassVar[str] = "NoteEdited"

    conversation_id: int
    body: str
    body_text: str


@dataclass(frozen=True)
class ConversationDeleted(TicketEvent):
    """A reply or note was removed from the ticket."""

    TYPE: ClassVar[str] = "ConversationDeleted"

    conversation_id: int


@dataclass(frozen=True)
class TicketDeleted(TicketEvent):
    """The ticket was moved to the trash."""

    TYPE: ClassVar[str] = "TicketDeleted"


@dataclass(frozen=True)
class TicketRestored(TicketEvent):
    """The ticket was brought back from the trash."""

    TYPE: ClassVar[str] = "TicketRestored"


@dataclass(frozen=True)
class TicketMarkedSpam(TicketEvent):
    """The ticket was marked as spam."""

    TYPE: ClassVar[str] = "TicketMarkedSpam"


@dataclass(frozen=True)
class TicketUnmarkedSpam(TicketEvent):
    """The ticket was taken out of spam."""

    TYPE: ClassVar[str] = "TicketUnmarkedSpam"


@dataclass(frozen=True)
class WatcherAdded(TicketEvent):
    """An agent now watches the ticket (is told of its changes)."""

    TYPE: ClassVar[str] = "WatcherAdded"

    user_id: int


@dataclass(frozen=True)
class WatcherRemoved(TicketEvent):
    """An agent no longer watches the ticket."""

    TYPE: ClassVar[str] = "WatcherRemoved"

    user_id: int


@dataclass(frozen=True)
class ContactErasedFromTicket(TicketEvent):
    """A contact of the ticket was erased: what they are or wrote reads as erased from here
    on. `opened` when they opened the ticket (its subject and description are theirs).

    Their sealed fields in earlier events become unreadable with their key; this event makes
    the ticket's state (and so its rows) say the same without waiting for a rebuild."""

    TYPE: ClassVar[str] = "ContactErasedFromTicket"
    REDACTS: ClassVar[bool] = True

    contact_id: int
    opened: bool = False
