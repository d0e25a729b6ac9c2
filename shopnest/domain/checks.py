"""Field checks every context's domain shares (tickets, contacts, companies, agents, ...).

Each check returns the normalised value, or raises InvalidValue; `collect` runs several and
raises one ValidationFailed listing every bad field, so a client sees all its mistakes at once.
Every check also refuses what the store could not hold (shopnest.domain.storable). Messages
and codes are Freshdesk's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import partial
from typing import Any

from shopnest.domain import storable
from shopnest.domain.errors import InvalidValue, ValidationFailed

MAX_STRING_LENGTH = 255
MAX_ID = storable.BIGINT_MAX
MISSING_MESSAGE = "Mandatory attribute missing"
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", re.ASCII)


def collect(checks: Mapping[str, Callable[[], Any]]) -> dict[str, Any]:
    """Run every check and return their results by field, or raise ValidationFailed."""
    results: dict[str, Any] = {}
    errors: list[InvalidValue] = []
    for name, check in checks.items():
        try:
            results[name] = check()
        except ValidationFailed as failed:
            errors.extend(failed.errors)
        except InvalidValue as error:
            errors.append(error)
    if errors:
        raise ValidationFailed(errors)
    return results


def single(field: str, check: Callable[..., Any], *args: Any) -> Any:
    """Return `check(*args)`, raising its failure as a ValidationFailed for `field`."""
    return collect({field: partial(check, *args)})[field]


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def one_of(field: str, value: Any, allowed: frozenset[int]) -> int:
    """Return `value` as a plain int if it is one of `allowed`."""
    if not _is_integer(value) or value not in allowed:
        raise InvalidValue(field, one_of_message(allowed))
    return int(value)


def one_of_message(values: frozenset[int]) -> str:
    """Return Freshdesk's message for a value outside `values`, e.g. "...: '2,3,4,5'"."""
    listed = ",".join(str(int(value)) for value in sorted(values))
    return f"It should be one of these values: '{listed}'"


def storable_text(field: str, text: str) -> str:
    """Refuse characters the store cannot hold (NUL, lone surrogates)."""
    problem = storable.text_problem(text)
    if problem:
        raise InvalidValue(field, problem)
    return text


def optional_string(
    field: str, value: Any, max_length: int | None = MAX_STRING_LENGTH
) -> str | None:
    """Return `value` if it is None or a string of at most `max_length` (None: any) characters."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidValue(field, "It should be a/an String", code="datatype_mismatch")
    storable_text(field, value)
    if max_length is not None and len(value) > max_length:
        raise InvalidValue(
            field, f"Has {len(value)} characters, it can have maximum of {max_length} characters"
        )
    return value


def optional_id(field: str, value: Any) -> int | None:
    """Return `value` if it is None or a positive integer that fits a bigint."""
    if value is not None and (not _is_integer(value) or value <= 0):
        raise InvalidValue(field, "It should be a/an Positive Integer", code="datatype_mismatch")
    if value is not None and value > MAX_ID:
        raise InvalidValue(field, f"It should be a Positive Integer less than or equal to {MAX_ID}")
    return value


def is_id(value: Any) -> bool:
    """Whether `value` is an id the store can hold (so it may be looked up)."""
    return _is_integer(value) and 0 < value <= MAX_ID


def optional_bool(field: str, value: Any, default: bool) -> bool:
    """Return `value` if it is a real boolean (None: the default)."""
    if value is None:
        return default
    if not isinstance(value, bool):
        raise InvalidValue(field, "It should be a/an Boolean", code="datatype_mismatch")
    return value


def tags(value: Any) -> list[str]:
    """Return the tags deduplicated in order; each must be a non-blank string of ≤255 chars."""
    if not isinstance(value, list | tuple):
        raise InvalidValue("tags", "It should be a/an Array", code="datatype_mismatch")
    for tag in value:
        if not isinstance(tag, str):
            raise InvalidValue(
                "tags", "It should contain elements of type String only", code="datatype_mismatch"
            )
        if not tag.strip():
            raise InvalidValue("tags", "It should not contain elements that are blank")
        storable_text("tags", tag)
        if len(tag) > MAX_STRING_LENGTH:
            raise InvalidValue(
                "tags",
                f"It should only contain elements that have maximum of {MAX_STRING_LENGTH} characters",
            )
    return list(dict.fromkeys(value))


def emails(field: str, value: Any) -> list[str]:
    """Return a list of e-mail strings, deduplicated in order."""
    if not isinstance(value, list | tuple):
        raise InvalidValue(field, "It should be a/an Array", code="datatype_mismatch")
    if not all(isinstance(email, str) and _EMAIL.fullmatch(email.strip()) for email in value):
        raise InvalidValue(field, "It should contain elements that are valid email addresses")
    for email in value:
        storable_text(field, email)
    return list(dict.fromkeys(email.strip() for email in value))


def custom_fields(value: Any) -> dict[str, Any]:
    """Return the custom fields as a dict keyed by field name."""
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        raise InvalidValue(
            "custom_fields", "It should be a/an key/value pair", code="datatype_mismatch"
        )
    # Freshdesk custom fields hold one scalar each (text, number, checkbox, dropdown, date).
    for key, item in value.items():
        storable_text("custom_fields", key)
        if not (item is None or isinstance(item, str | int | float | bool)):
            raise InvalidValue("custom_fields",
                               f"The value of {key} should be a/an String, Number or Boolean",
                               code="datatype_mismatch")
        if isinstance(item, str):
            storable_text("custom_fields", item)
        elif isinstance(item, int | float) and not isinstance(item, bool):
            problem = storable.number_problem(item)
            if problem:
                raise InvalidValue("custom_fields", f"The value of {key}: {problem}")
    return dict(value)


def timestamp(field: str, value: Any) -> str | None:
    """Return `value` if it is None or a real UTC moment written `YYYY-MM-DDTHH:MM:SSZ`."""
    if value is None:
        return None
    if isinstance(value, str) and _TIMESTAMP.fullmatch(value):
        try:
            datetime.strptime(value, TIMESTAMP_FORMAT)  # refuses 2024-02-30, month 13, year 0
            return value
        except ValueError:
            pass
    raise InvalidValue(field, "It should be in the 'valid date time' format")
