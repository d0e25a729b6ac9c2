"""The kinds of refusal a domain can raise. Each context subclasses these; the API layer maps
each kind to its HTTP answer (shopnest/api/errors.py), so no domain knows about HTTP.

Every error carries `message`, and where it applies `field`, `code` (the Freshdesk error code)
and `additional_info`.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every expected refusal of a command."""

    code: str | None = None
    field: str | None = None
    message: str = "The request cannot be carried out"
    additional_info: dict[str, Any] | None = None

    def __init__(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(self.message)

    def describe(self) -> str:
        """Say what was refused, for a person (a back-office message, a tool's error)."""
        return f"{self.field}: {self.message}" if self.field else self.message


class InvalidValue(DomainError):
    """One field's value is unacceptable; usually raised inside a ValidationFailed."""

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


class ValidationFailed(DomainError):
    """One or more fields are invalid; a client sees every one of them at once."""

    message = "Validation failed"

    def __init__(self, errors: list[InvalidValue]) -> None:
        if not errors:
            raise ValueError("ValidationFailed needs at least one error")
        self.errors = list(errors)
        # The first error gives the summary attributes, for callers that read only one.
        self.field = self.errors[0].field
        self.code = self.errors[0].code
        super().__init__()

    def describe(self) -> str:
        return "; ".join(error.describe() for error in self.errors)


class NotFound(DomainError):
    """The resource the command names does not exist."""


class AlreadyExists(DomainError):
    """Something that must be unique already exists (an id, an e-mail address, a key)."""

    code = "duplicate_value"
    message = "It should be a unique value"


class NotAllowed(DomainError):
    """The resource exists, but its current state does not allow this command."""


class AccessDenied(DomainError):
    """The caller may not do this, or may not see the resource it names (a ticket outside an
    agent's scope, an administrator's command sent by an agent)."""

    code = "access_denied"
    message = "You are not authorized to perform this action."


class PreconditionFailed(DomainError):
    """The client acted on a version of the resource that is no longer the current one."""

    code = "precondition_failed"


class Conflict(DomainError):
    """Other writers kept changing the resource and retrying did not get through."""

    code = "inconsistent_state"
