"""Application commands: what the API asks for before ids and requesters are resolved.

The handlers allocate ids, resolve (or create) the requester and then decide the domain
commands of tickets/domain/commands.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from shopnest.messages import Command


@dataclass(frozen=True)
class RequesterRef:
    """How the client named the requester: an id, or contact details to find or create one."""

    requester_id: int | None = None
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    twitter_id: str | None = None
    unique_external_id: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class OpenTicket(Command):
    """Create a ticket from the client's fields (see FRESHDESK_API.md §2.3)."""

    requester: RequesterRef
    fields: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PostReply(Command):
    """Add a public reply to a ticket."""

    ticket_id: int
    body: Any
    user_id: int | None = None
    from_email: str | None = None
    cc_emails: Any = ()
    bcc_emails: Any = ()


@dataclass(frozen=True)
class PostNote(Command):
    """Add a note (private unless told otherwise) to a ticket."""

    ticket_id: int
    body: Any
    user_id: int | None = None
    private: Any = True
    incoming: Any = False
    notify_emails: Any = ()


@dataclass(frozen=True)
class EditConversation(Command):
    """Replace a note's body, naming the note only (PUT /conversations/{id})."""

    conversation_id: int
    body: Any


@dataclass(frozen=True)
class RemoveConversation(Command):
    """Delete a reply or note, naming it only (DELETE /conversations/{id})."""

    conversation_id: int
