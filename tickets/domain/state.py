"""The state of one ticket, folded from its events: everything any rule or reader needs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class TicketStats:
    """When things last happened to the ticket (Freshdesk's `include=stats`)."""

    agent_responded_at: str | None = None
    requester_responded_at: str | None = None
    first_responded_at: str | None = None
    status_updated_at: str | None = None
    reopened_at: str | None = None
    resolved_at: str | None = None
    closed_at: str | None = None
    pending_since: str | None = None


@dataclass(frozen=True)
class ConversationState:
    """One reply or note of the ticket, deleted ones included (their ids are never reused)."""

    id: int
    kind: str  # "reply" or "note"
    private: bool
    incoming: bool
    user_id: int | None
    body: str
    body_text: str
    created_at: str
    updated_at: str
    from_email: str | None = None
    to_emails: tuple[str, ...] = ()
    cc_emails: tuple[str, ...] = ()
    bcc_emails: tuple[str, ...] = ()
    notify_emails: tuple[str, ...] = ()
    last_edited_at: str | None = None
    last_edited_user_id: int | None = None
    deleted: bool = False


@dataclass(frozen=True)
class TicketState:
    """A ticket; `exists` is False until TicketCreated is folded."""

    exists: bool = False
    id: int | None = None
    subject: str | None = None
    description: str | None = None
    status: int | None = None
    priority: int | None = None
    source: int | None = None
    type: str | None = None
    tags: tuple[str, ...] = ()
    requester_id: int | None = None
    requester_email: str | None = None
    responder_id: int | None = None
    group_id: int | None = None
    company_id: int | None = None
    product_id: int | None = None
    email_config_id: int | None = None
    cc_emails: tuple[str, ...] = ()
    custom_fields: Mapping[str, Any] = field(default_factory=dict)
    due_by: str | None = None
    fr_due_by: str | None = None
    deleted: bool = False
    spam: bool = False
    # Agents who watch the ticket, in the order they started.
    watcher_ids: tuple[int, ...] = ()
    created_at: str | None = None
    updated_at: str | None = None
    stats: TicketStats = TicketStats()
    conversations: Mapping[int, ConversationState] = field(default_factory=dict)


EMPTY_TICKET = TicketState()


@dataclass(frozen=True)
class Requester:
    """The contact a ticket is for, as its handler found (or created) them."""

    id: int
    email: str | None = None
    # The contact's companies, their main one first: a ticket's company is one of them.
    company_ids: tuple[int, ...] = ()
