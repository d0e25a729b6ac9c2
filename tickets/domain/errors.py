"""Errors raised by `decide`, each carrying what the API needs to answer with.

Every error has `http_status`, `code` (a Freshdesk error code or None), `field` (set only on
validation and duplicate errors, as Freshdesk does) and `message`.
"""

from __future__ import annotations

from typing import Any, ClassVar


class DomainError(Exception):
    """Base of every error the ticket and contact domains raise."""

    http_status: ClassVar[int] = 400
    code: str | None = None
    field: str | None = None
    message: str = "The request cannot be carried out"
    additional_info: dict[str, Any] | None = None

    def __init__(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(self.message)


class TicketNotFound(DomainError):
    """The ticket stream does not exist (Freshdesk answers 404 with an empty body)."""

    http_status = 404
    message = "Ticket not found"

    def __init__(self, ticket_id: int | None) -> None:
        self.ticket_id = ticket_id
        super().__init__(f"Ticket {ticket_id} not found")


class TicketAlreadyExists(DomainError):
    """CreateTicket was sent for an id whose stream already has events."""

    http_status = 409
    code = "duplicate_value"
    message = "It should be a unique value"

    def __init__(self, ticket_id: int | None) -> None:
        self.ticket_id = ticket_id
        super().__init__()


class TicketNotWritable(DomainError):
    """The ticket is deleted or marked as spam, and the command would change it."""

    http_status = 405

    def __init__(self, ticket_id: int | None, reason: str) -> None:
        self.ticket_id = ticket_id
        self.reason = reason
        super().__init__(f"This ticket is {reason} and cannot be changed")


class InvalidValue(DomainError):
    """One field's value is unacceptable; usually raised inside a ValidationFailed."""

    http_status = 400

    def __init__(self, field: str, message: str, code: str = "invalid_value") -> None:
        self.field = field
        self.code = code
        super().__init__(message)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, InvalidValue):
            return NotImplemented
        return (self.field, self.message, self.code) == (other.field, other.message, other.code)

    def __hash__(self) -> int:
        return hash((self.field, self.message, self.code))

    def __repr__(self) -> str:
        return f"InvalidValue({self.field!r}, {self.message!r}, code={self.code!r})"

    def as_dict(self) -> dict[str, Any]:
        """Return the entry of Freshdesk's `errors` list for this field."""
        return {"field": self.field, "message": self.message, "code": self.code}


class ValidationFailed(DomainError):
    """One or more fields are invalid; the API lists every one of them in a single 400."""

    http_status = 400
    message = "Validation failed"

    def __init__(self, errors: list[InvalidValue]) -> None:
        if not errors:
            raise ValueError("ValidationFailed needs at least one error")
        self.errors = list(errors)
        # The first error gives the summary attributes, for callers that read only one.
        self.field = self.errors[0].field
        self.code = self.errors[0].code
        super().__init__()

    def as_dicts(self) -> list[dict[str, Any]]:
        """Return Freshdesk's `errors` list."""
        return [error.as_dict() for error in self.errors]


class ConversationAlreadyExists(DomainError):
    """A reply or note reuses a conversation id already on the ticket."""

    http_status = 409
    code = "duplicate_value"
    message = "It should be a unique value"

    def __init__(self, conversation_id: int) -> None:
        self.conversation_id = conversation_id
        super().__init__()


class ConversationNotFound(DomainError):
    """The conversation is not on this ticket, or has been deleted."""

    http_status = 404

    def __init__(self, conversation_id: int) -> None:
        self.conversation_id = conversation_id
        super().__init__(f"Conversation {conversation_id} not found")


class ConversationNotEditable(DomainError):
    """Only notes can be edited; replies went out to the customer as they were."""

    http_status = 405
    message = "Only notes can be edited"

    def __init__(self, conversation_id: int) -> None:
        self.conversation_id = conversation_id
        super().__init__()


class ContactAlreadyExists(DomainError):
    """CreateContact was sent for an id whose stream already has events."""

    http_status = 409
    code = "duplicate_value"
    message = "It should be a unique value"

    def __init__(self, contact_id: int) -> None:
        self.contact_id = contact_id
        super().__init__()


class DuplicateContact(DomainError):
    """Another contact already owns this e-mail address.

    `additional_info.user_id` names the owner: integrations parse it to upsert.
    """

    http_status = 409
    code = "duplicate_value"
    field = "email"
    message = "It should be a unique value"

    def __init__(self, existing_id: int) -> None:
        self.existing_id = existing_id
        self.additional_info = {"user_id": existing_id}
        super().__init__()

    def as_dict(self) -> dict[str, Any]:
        """Return the entry of Freshdesk's `errors` list, with the owner's id."""
        return {
            "field": self.field,
            "message": self.message,
            "code": self.code,
            "additional_info": dict(self.additional_info or {}),
        }
