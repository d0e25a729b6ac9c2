"""Field checks shared by the ticket and contact commands.

Each check returns the normalised value, or raises InvalidValue; `collect` runs several and
raises one ValidationFailed listing every bad field, so a client sees all its mistakes at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from functools import partial
from typing import Any

from .codes import PRIORITIES, SOURCES, STATUSES, one_of_message
from .errors import InvalidValue, ValidationFailed

MAX_STRING_LENGTH = 255
# Ids are stored as PostgreSQL bigint: a larger one could never be projected.
MAX_ID = 2**63 - 1
MISSING_MESSAGE = "Mandatory attribute missing"
_EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


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


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def one_of(field: str, value: Any, allowed: frozenset[int]) -> int:
    """Return `value` as a plain int if it is one of `allowed`."""
    if not _is_integer(value) or value not in allowed:
        raise InvalidValue(field, one_of_message(allowed))
    return int(value)


def status(value: Any) -> int:
    """Return a valid ticket status."""
    return one_of("status", value, STATUSES)


def priority(value: Any) -> int:
    """Return a valid ticket priority."""
    return one_of("priority", value, PRIORITIES)


def source(value: Any) -> int:
    """Return a valid ticket source."""
    return one_of("source", value, SOURCES)


def no_nul(field: str, text: str) -> str:
    """Refuse the NUL character: JSON can carry it, PostgreSQL's jsonb and text cannot."""
    if "\x00" in text:
        raise InvalidValue(field, "It should not contain the NUL character")
    return text


def optional_string(
    field: str, value: Any, max_length: int | None = MAX_STRING_LENGTH
) -> str | None:
    """Return `value` if it is None or a string of at most `max_length` (None: any) characters."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidValue(field, "It should be a/an String", code="datatype_mismatch")
    no_nul(field, value)
    if max_length is not None and len(value) > max_length:
        raise InvalidValue(
            field, f"Has {len(value)} characters, it can have maximum of {max_length} characters"
        )
    return value


def optional_id(field: str, value: Any) -> int | None:
    """Return `value` if it is None or a positive integer."""
    if value is not None and (not _is_integer(value) or value <= 0):
        raise InvalidValue(field, "It should be a/an Positive Integer", code="datatype_mismatch")
    if value is not None and value > MAX_ID:
        raise InvalidValue(field, f"It should be a Positive Integer less than or equal to {MAX_ID}")
    return value


def optional_bool(field: str, value: Any, default: bool) -> bool:
    """Return `value` if it is a real boolean (None: the default)."""
    if value is None:
        return default
    if not isinstance(value, bool):
        raise InvalidValue(field, "It should be a/an Boolean", code="datatype_mismatch")
    return value


def required_id(field: str, value: Any) -> int:
    """Return `value` if it is a positive integer; None is a missing field."""
    if value is None:
        raise InvalidValue(field, MISSING_MESSAGE, code="missing_field")
    return optional_id(field, value)  # type: ignore[return-value]


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
        no_nul("tags", tag)
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
    return list(dict.fromkeys(email.strip() for email in value))


def custom_fields(value: Any) -> dict[str, Any]:
    """Return the custom fields as a dict keyed by field name."""
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        raise InvalidValue(
            "custom_fields", "It should be a/an key/value pair", code="datatype_mismatch"
        )
    # Freshdesk custom fields hold one scalar each (text, number, checkbox, dropdown, date).
    for key, item in value.items():
        no_nul("custom_fields", key)
        if not (item is None or isinstance(item, str | int | float | bool)):
            raise InvalidValue("custom_fields",
                               f"The value of {key} should be a/an String, Number or Boolean",
                               code="datatype_mismatch")
        if isinstance(item, str):
            no_nul("custom_fields", item)
        if isinstance(item, int) and not isinstance(item, bool) and abs(item) > MAX_ID:
            raise InvalidValue("custom_fields", f"The value of {key} is too large")
    return dict(value)


def timestamp(field: str, value: Any) -> str | None:
    """Return `value` if it is None or a UTC timestamp in `YYYY-MM-DDTHH:MM:SSZ` form."""
    if value is not None and (not isinstance(value, str) or not _TIMESTAMP.fullmatch(value)):
        raise InvalidValue(field, "It should be in the 'valid date time' format")
    return value


def body(value: Any) -> str:
    """Return a conversation body, which must hold more than whitespace."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidValue("body", MISSING_MESSAGE, code="missing_field")
    if not isinstance(value, str):
        raise InvalidValue("body", "It should be a/an String", code="datatype_mismatch")
    return no_nul("body", value)


# How each ticket field is checked and normalised, on create and on update alike.
TICKET_FIELD_CHECKS: dict[str, Callable[[Any], Any]] = {
    "subject": partial(optional_string, "subject"),
    "description": partial(optional_string, "description", max_length=None),
    "status": status,
    "priority": priority,
    "source": source,
    "type": partial(optional_string, "type"),
    "tags": tags,
    "requester_id": partial(required_id, "requester_id"),
    "requester_email": partial(optional_string, "requester_email"),
    "responder_id": partial(optional_id, "responder_id"),
    "group_id": partial(optional_id, "group_id"),
    "company_id": partial(optional_id, "company_id"),
    "product_id": partial(optional_id, "product_id"),
    "email_config_id": partial(optional_id, "email_config_id"),
    "custom_fields": custom_fields,
    "cc_emails": partial(emails, "cc_emails"),
    "due_by": partial(timestamp, "due_by"),
    "fr_due_by": partial(timestamp, "fr_due_by"),
}


def ticket_fields(
    values: Mapping[str, Any], allowed: Collection[str] = TICKET_FIELD_CHECKS.keys()
) -> dict[str, Any]:
    """Return ticket field values checked and normalised, or raise one ValidationFailed.

    A name outside `allowed` fails with `invalid_field`, as Freshdesk answers it.
    """
    return collect(
        {
            name: partial(TICKET_FIELD_CHECKS[name], value)
            if name in allowed and name in TICKET_FIELD_CHECKS
            else partial(_unknown_field, name)
            for name, value in values.items()
        }
    )


def _unknown_field(name: str) -> None:
    raise InvalidValue(name, "Unexpected/invalid field in request", code="invalid_field")


def single(field: str, check: Callable[..., Any], *args: Any) -> Any:
    """Return `check(*args)`, raising its failure as a ValidationFailed for `field`."""
    return collect({field: partial(check, *args)})[field]
