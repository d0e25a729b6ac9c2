"""The state of one ticket, folded from its events, and its Freshdesk JSON shape."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from .codes import Priority
from .text import html_to_text

if TYPE_CHECKING:
    from .events import DomainEvent


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
    """What decide needs to know about one reply or note."""

    id: int
    kind: str  # "reply" or "note"
    private: bool
    incoming: bool
    user_id: int | None
    created_at: str
    updated_at: str
    body: str
    deleted: bool = False


@dataclass(frozen=True)
class TicketState:
    """A ticket as of `version` events; `exists` is False until TicketCreated is folded."""

    exists: bool = False
    id: int | None = None
    version: int = 0
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
    created_at: str | None = None
    updated_at: str | None = None
    stats: TicketStats = TicketStats()
    conversations: Mapping[int, ConversationState] = field(default_factory=dict)


EMPTY_TICKET = TicketState()


def fold(events: Iterable[DomainEvent], state: TicketState = EMPTY_TICKET) -> TicketState:
    """Return the state after applying `events`, in order, to `state` (empty by default)."""
    from .evolve import evolve  # evolve imports this module for the state classes

    for event in events:
        state = evolve(state, event)
    return state


def to_public_dict(state: TicketState) -> dict[str, Any]:
    """Return the ticket as Freshdesk's ticket JSON (without stats, conversations, requester)."""
    cc_emails = list(state.cc_emails)
    return {
        "id": state.id,
        "subject": state.subject,
        "description": state.description,
        "description_text": None if state.description is None else html_to_text(state.description),
        "status": state.status,
        "priority": state.priority,
        "source": state.source,
        "type": state.type,
        "tags": list(state.tags),
        "requester_id": state.requester_id,
        "responder_id": state.responder_id,
        "group_id": state.group_id,
        "company_id": state.company_id,
        "product_id": state.product_id,
        "email_config_id": state.email_config_id,
        "cc_emails": cc_emails,
        "fwd_emails": [],
        "reply_cc_emails": list(cc_emails),
        "ticket_cc_emails": list(cc_emails),
        "to_emails": None,
        "due_by": state.due_by,
        "fr_due_by": state.fr_due_by,
        "nr_due_by": None,
        "fr_escalated": False,
        "is_escalated": False,
        "nr_escalated": False,
        "spam": state.spam,
        "deleted": state.deleted,
        "urgent": state.priority == Priority.URGENT,
        "association_type": None,
        "custom_fields": dict(state.custom_fields),
        "attachments": [],
        "created_at": state.created_at,
        "updated_at": state.updated_at,
    }


# Fields the domain never sets: Freshdesk clients expect them, so they are always present.
CONSTANT_PUBLIC_FIELDS: frozenset[str] = frozenset(
    {
        "fwd_emails",
        "to_emails",
        "nr_due_by",
        "fr_escalated",
        "is_escalated",
        "nr_escalated",
        "association_type",
        "attachments",
    }
)


def stats_dict(state: TicketState) -> dict[str, str | None]:
    """Return the ticket's `stats` object."""
    return asdict(state.stats)
