"""The one way a moment is written: UTC `YYYY-MM-DDTHH:MM:SSZ` (Freshdesk's, and the domain's)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def format_datetime(value: datetime | Any) -> Any:
    """Write a datetime as UTC `YYYY-MM-DDTHH:MM:SSZ`; anything else (None, text) passes as is."""
    if not isinstance(value, datetime):
        return value
    # Not strftime("%Y"): glibc writes year 999 as "999", not the "0999" the format promises.
    moment = value.astimezone(UTC)
    return (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
            f"T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}Z")
