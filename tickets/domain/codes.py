"""Numeric codes of the Freshdesk v2 dialect and the sets of values the domain accepts."""

from __future__ import annotations

from enum import IntEnum


class Status(IntEnum):
    """Ticket status; Freshdesk reserves 6 and up for custom statuses, which we do not offer yet."""

    OPEN = 2
    PENDING = 3
    RESOLVED = 4
    CLOSED = 5


class Priority(IntEnum):
    """Ticket priority; URGENT also sets the ticket's `urgent` flag."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3
    URGENT = 4


class Source(IntEnum):
    """The channel a ticket came in through."""

    EMAIL = 1
    PORTAL = 2
    PHONE = 3
    FORUM = 4
    TWITTER = 5
    FACEBOOK = 6
    CHAT = 7
    MOBIHELP = 8
    FEEDBACK_WIDGET = 9
    OUTBOUND_EMAIL = 10
    ECOMMERCE = 11
    BOT = 12


class ConversationSource(IntEnum):
    """The `source` of a conversation, a numbering of its own distinct from ticket sources."""

    REPLY = 0
    NOTE = 2
    TWEET = 5
    SURVEY_FEEDBACK = 6
    FACEBOOK = 7
    FORWARDED_EMAIL = 8
    PHONE = 9
    MOBIHELP = 10
    ECOMMERCE = 11


class ConversationCategory(IntEnum):
    """Who wrote a conversation."""

    CUSTOMER = 1
    AGENT = 2


def conversation_source(kind: str) -> ConversationSource:
    """The `source` of a reply or a note (the others come with channels not offered yet)."""
    return ConversationSource.REPLY if kind == "reply" else ConversationSource.NOTE


def conversation_category(incoming: bool) -> ConversationCategory:
    return ConversationCategory.CUSTOMER if incoming else ConversationCategory.AGENT


STATUSES: frozenset[int] = frozenset(Status)
PRIORITIES: frozenset[int] = frozenset(Priority)
SOURCES: frozenset[int] = frozenset(Source)
CONVERSATION_SOURCES: frozenset[int] = frozenset(ConversationSource)

# A customer reply to a ticket in one of these statuses reopens it.
DONE_STATUSES: frozenset[int] = frozenset({Status.RESOLVED, Status.CLOSED})
