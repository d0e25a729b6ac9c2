"""Query messages: what a client asks to read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from shopnest.messages import Query


@dataclass(frozen=True)
class ListTickets(Query):
    reads: ClassVar[tuple[str, ...]] = ("tickets", "contacts", "companies")

    page: int = 1
    per_page: int = 30
    filter: str | None = None
    caller_id: int | None = None
    requester_id: int | None = None
    email: str | None = None
    company_id: int | None = None
    unique_external_id: str | None = None
    updated_since: datetime | None = None
    created_since: datetime | None = None
    order_by: str = "created_at"
    order_type: str = "desc"
    include: tuple[str, ...] = ()


@dataclass(frozen=True)
class GetTicket(Query):
    reads: ClassVar[tuple[str, ...]] = ("tickets", "contacts", "companies")

    ticket_id: int
    include: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListConversations(Query):
    reads: ClassVar[tuple[str, ...]] = ("tickets",)

    ticket_id: int
    page: int = 1
    per_page: int = 30


@dataclass(frozen=True)
class GetTicketActivities(Query):
    """A ticket's history: its activities after `after_version` (and before `before_version`),
    oldest first or newest first, at most `limit` of them (None: all)."""

    reads: ClassVar[tuple[str, ...]] = ("tickets", "ticket_activities")

    ticket_id: int
    after_version: int = 0
    before_version: int | None = None
    limit: int | None = None
    newest_first: bool = False


@dataclass(frozen=True)
class GetTicketThread(Query):
    """Every live reply and note of a ticket, oldest first, whatever the ticket's state
    (the back office shows the thread of spam and deleted tickets too)."""

    reads: ClassVar[tuple[str, ...]] = ("tickets",)

    ticket_id: int


@dataclass(frozen=True)
class UnwritableTickets(Query):
    """Which of these tickets do not exist, or are spam or deleted (for bulk commands)."""

    reads: ClassVar[tuple[str, ...]] = ("tickets",)

    ticket_ids: tuple[int, ...]
