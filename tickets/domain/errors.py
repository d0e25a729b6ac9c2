"""Refusals of the ticket domain, each one of the kernel's kinds of error.

The kind (NotFound, AlreadyExists, NotAllowed, ...) is what the API maps to an HTTP answer;
`code`, `field` and `message` say what exactly went wrong, in Freshdesk's words.
"""

from __future__ import annotations

from shopnest.domain.errors import (
    AlreadyExists,
    DomainError,
    InvalidValue,
    NotAllowed,
    NotFound,
    ValidationFailed,
)

__all__ = [
    "ConversationAlreadyExists", "ConversationNotEditable",
    "ConversationNotFound", "DomainError", "InvalidValue",
    "TicketAlreadyExists", "TicketNotFound", "TicketNotWritable", "ValidationFailed",
]


class TicketNotFound(NotFound):
    """The ticket stream does not exist."""

    def __init__(self, ticket_id: int | None) -> None:
        self.ticket_id = ticket_id
        super().__init__(f"Ticket {ticket_id} not found")


class TicketAlreadyExists(AlreadyExists):
    """CreateTicket was decided for an id whose stream already has events."""

    def __init__(self, ticket_id: int | None) -> None:
        self.ticket_id = ticket_id
        super().__init__()


class TicketNotWritable(NotAllowed):
    """The ticket is deleted or marked as spam, and the command would change it."""

    def __init__(self, ticket_id: int | None, reason: str) -> None:
        self.ticket_id = ticket_id
        self.reason = reason
        super().__init__(f"This ticket is {reason} and cannot be changed")


class ConversationAlreadyExists(AlreadyExists):
    """A reply or note reuses a conversation id already on the ticket."""

    def __init__(self, conversation_id: int) -> None:
        self.conversation_id = conversation_id
        super().__init__()


class ConversationNotFound(NotFound):
    """The conversation is not on this ticket, or has been deleted."""

    def __init__(self, conversation_id: int) -> None:
        self.conversation_id = conversation_id
        super().__init__(f"Conversation {conversation_id} not found")


class ConversationNotEditable(NotAllowed):
    """Only notes can be edited; replies went out to the customer as they were."""

    message = "Only notes can be edited"

    def __init__(self, conversation_id: int) -> None:
        self.conversation_id = conversation_id
        super().__init__()
