"""Commands of the ticket stream: what a client, agent or job asks to happen to a ticket.

The application layer resolves the requester contact and allocates ticket and conversation
ids before it builds a command, so `decide` never needs to look anything up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from shopnest.messages import Command

from .codes import Priority, Source, Status

# Fields UpdateTicket may change. `requester_email` is not a client field: the application
# layer sends it beside a new `requester_id`, once it has resolved that contact.
UPDATABLE_FIELDS: frozenset[str] = frozenset(
    {
        "subject",
        "description",
        "status",
        "priority",
        "type",
        "source",
        "tags",
        "responder_id",
        "group_id",
        "company_id",
        "product_id",
        "email_config_id",
        "custom_fields",
        "cc_emails",
        "due_by",
        "fr_due_by",
        "requester_id",
        "requester_email",
    }
)


@dataclass(frozen=True)
class CreateTicket(Command):
    """Open a new ticket for a requester who already exists."""

    ticket_id: int
    requester_id: int
    requester_email: str | None = None
    subject: str | None = None
    description: str | None = None
    status: int = Status.OPEN
    priority: int = Priority.LOW
    source: int = Source.PORTAL
    type: str | None = None
    tags: Sequence[str] = ()
    responder_id: int | None = None
    group_id: int | None = None
    company_id: int | None = None
    product_id: int | None = None
    email_config_id: int | None = None
    cc_emails: Sequence[str] = ()
    custom_fields: Mapping[str, Any] = field(default_factory=dict)
    due_by: str | None = None
    fr_due_by: str | None = None
    actor_id: int | None = None


@dataclass(frozen=True)
class UpdateTicket(Command):
    """Change the fields the client sent; fields left out keep their values.

    Retried on conflict like any command: the application layer compares `expected_version`
    (from If-Match) with the stream before deciding, so a stale client still gets its 412.
    """

    ticket_id: int
    changes: Mapping[str, Any]
    expected_version: int | None = None
    actor_id: int | None = None


@dataclass(frozen=True)
class AddReply(Command):
    """Add a public reply; it is incoming when the requester wrote it."""

    ticket_id: int
    conversation_id: int
    body: str
    user_id: int | None
    from_email: str | None = None
    cc_emails: Sequence[str] = ()
    bcc_emails: Sequence[str] = ()
    actor_id: int | None = None


@dataclass(frozen=True)
class AddNote(Command):
    """Add a note, private unless told otherwise."""

    ticket_id: int
    conversation_id: int
    body: str
    user_id: int | None
    private: bool = True
    incoming: bool = False
    notify_emails: Sequence[str] = ()
    actor_id: int | None = None


@dataclass(frozen=True)
class EditNote(Command):
    """Replace the body of a note."""

    ticket_id: int
    conversation_id: int
    body: str
    actor_id: int | None = None


@dataclass(frozen=True)
class DeleteConversation(Command):
    """Remove a reply or note from the ticket's conversation list."""

    ticket_id: int
    conversation_id: int
    actor_id: int | None = None


@dataclass(frozen=True)
class DeleteTicket(Command):
    """Move the ticket to the trash (a soft delete)."""

    ticket_id: int
    actor_id: int | None = None


@dataclass(frozen=True)
class RestoreTicket(Command):
    """Bring a deleted ticket back from the trash."""

    ticket_id: int
    actor_id: int | None = None


@dataclass(frozen=True)
class MarkSpam(Command):
    """Mark the ticket as spam."""

    ticket_id: int
    actor_id: int | None = None


@dataclass(frozen=True)
class UnmarkSpam(Command):
    """Take the ticket out of spam."""

    ticket_id: int
    actor_id: int | None = None
