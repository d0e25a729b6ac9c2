"""Timestamps between read rows and domain states (which write `YYYY-MM-DDTHH:MM:SSZ`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def utc_text(value: Any) -> Any:
    """A timestamp column's value as the domain writes it; other values pass unchanged."""
    if not isinstance(value, datetime):
        return value
    moment = value.astimezone(UTC)
    # Formatted by hand: strftime('%Y') does not pad years before 1000 on every platform.
    return (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T"
            f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}Z")
