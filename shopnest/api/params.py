"""Query-string and value parsing shared by API views (Freshdesk formats)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

from shopnest.api.errors import FieldError, field_error
from shopnest.api.integers import parse_integer

_DATETIME = re.compile(  # ASCII digits only (\d alone also matches "２" or "٣")
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?"
    r"(Z|[+-]\d{2}(?::?\d{2})?)?$",
    re.ASCII,
)


def parse_datetime(value: str) -> datetime | None:
    """Parse the Freshdesk input forms (YYYY-MM-DD, …THH:MM[:SS[.fff]][Z|±hh[:mm]]) to UTC."""
    match = _DATETIME.match(value.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    if zone and not hour:
        return None
    try:
        moment = datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
            int((fraction or "0").ljust(6, "0")[:6]),
        )
        if zone and zone != "Z":
            sign = 1 if zone[0] == "+" else -1
            digits = zone[1:].replace(":", "")
            offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
            moment = moment.replace(tzinfo=timezone(sign * offset))
        else:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        # No such day; an offset of 24 hours or more; or a moment whose offset moves it past
        # year 1 or 9999 (0001-01-01T00:00+05:00, 9999-12-31T23:59-05:00): no time of ours.
        return None


def datetime_param(params, name: str) -> datetime | None:
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    parsed = parse_datetime(raw)
    if parsed is None:
        raise FieldError([field_error(name, "It should be in the 'YYYY-MM-DDTHH:MM:SSZ' format",
                                      "invalid_value")])
    return parsed


def positive_int_param(params, name: str) -> int | None:
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    number = parse_integer(raw)
    if number is None or number <= 0:
        raise FieldError([field_error(name, "It should be a/an Positive Integer", "datatype_mismatch")])
    return number


def choice_param(params, name: str, choices: tuple[str, ...], default: str | None = None) -> str | None:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    if raw not in choices:
        raise FieldError([field_error(
            name, "It should be one of these values: '" + ",".join(choices) + "'", "invalid_value")])
    return raw


def list_param(params, name: str, choices: tuple[str, ...]) -> list[str]:
    raw = params.get(name)
    if not raw:
        return []
    values = [v.strip() for v in raw.split(",") if v.strip()]
    bad = [v for v in values if v not in choices]
    if bad:
        raise FieldError([field_error(
            name, "It should be one of these values: '" + ",".join(choices) + "'", "invalid_value")])
    return values


def bool_param(params, name: str, default: bool = False) -> bool:
    """A true/false parameter, in any case (`force=True`, as Freshdesk's clients send it)."""
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    value = {"true": True, "false": False}.get(raw.strip().lower())
    if value is None:
        raise FieldError([field_error(name, "It should be a/an Boolean", "datatype_mismatch")])
    return value


def text_param(params, name: str, max_length: int = 255) -> str | None:
    """A free-text parameter: at most `max_length` characters, no NUL."""
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    if "\x00" in raw or len(raw) > max_length:
        raise FieldError([field_error(name, "It should be a valid value", "invalid_value")])
    return raw


def refuse_unknown_params(params, allowed: set[str]) -> None:
    unknown = sorted(set(params.keys()) - allowed)
    if unknown:
        raise FieldError([field_error(name, "Unexpected/invalid field in request", "invalid_field")
                          for name in unknown])
