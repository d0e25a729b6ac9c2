"""Application errors the kernel raises; each knows the HTTP answer it maps to."""

from __future__ import annotations


class ApplicationError(Exception):
    """An expected refusal, reported to the client as a 4xx in the Freshdesk shape."""

    http_status = 400
    code: str | None = "invalid_value"
    field: str | None = None

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        if field is not None:
            self.field = field
        if code is not None:
            self.code = code


class PreconditionFailed(ApplicationError):
    """The client's If-Match version is not the stream's current version."""

    http_status = 412
    code = "precondition_failed"


class ConflictError(ApplicationError):
    """Another writer changed the stream and retrying did not resolve it."""

    http_status = 409
    code = "inconsistent_state"


class IdempotencyKeyReused(ApplicationError):
    """The Idempotency-Key was already used for a different request."""

    http_status = 409
    code = "duplicate_value"
    field = "Idempotency-Key"
