"""Errors raised by the event store."""


class EventStoreError(Exception):
    """Base class of every event-store failure."""


class ConcurrencyError(EventStoreError):
    """The stream is not at the version the command was decided against."""

    def __init__(self, stream_id: str, expected: int | None, actual: int | None):
        super().__init__(f"stream {stream_id} is at version {actual}, expected {expected}")
        self.stream_id = stream_id
        self.expected = expected
        self.actual = actual


class RetryableAppendError(EventStoreError):
    """A newer transaction already wrote the stream; deciding again will succeed."""


class NotFirstWriteError(EventStoreError):
    """Something wrote before the append in the same transaction (a programming error)."""


class DuplicateEventIdError(EventStoreError):
    """An event id was reused for different events."""


class AppendOnlyViolation(EventStoreError):
    """Something tried to rewrite history."""
