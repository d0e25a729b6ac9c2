"""The ticket's fields: each one's check and default, and the checks only tickets use.

The generic checks (text, ids, booleans, e-mail lists, custom fields, timestamps) are the
kernel's (shopnest/domain/checks.py); they are imported here so `valid.X` reads one module.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from functools import partial
from typing import Any

from shopnest.domain.checks import (  # noqa: F401  (the ticket domain's checks, in one place)
    MAX_ID,
    MAX_STRING_LENGTH,
    MISSING_MESSAGE,
    collect,
    custom_fields,
    emails,
    is_id,
    one_of,
    optional_bool,
    optional_id,
    optional_string,
    single,
    storable_text,
    tags,
    timestamp,
)
from shopnest.domain.errors import InvalidValue

from .codes import PRIORITIES, SOURCES, STATUSES

status = partial(one_of, "status", allowed=STATUSES)
priority = partial(one_of, "priority", allowed=PRIORITIES)
source = partial(one_of, "source", allowed=SOURCES)


REQUESTER_MISSING_MESSAGE = ("Please fill at least 1 of requester_id, email, phone, twitter_id, "
                             "unique_external_id fields")


def requester_id(value: Any) -> int:
    """Return the id of the contact a ticket is for; without one the ticket has nobody."""
    if value is None:
        raise InvalidValue("requester_id", REQUESTER_MISSING_MESSAGE, code="missing_field")
    return optional_id("requester_id", value)  # type: ignore[return-value]


def body(value: Any) -> str:
    """Return a conversation body, which must hold more than whitespace."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidValue("body", MISSING_MESSAGE, code="missing_field")
    if not isinstance(value, str):
        raise InvalidValue("body", "It should be a/an String", code="datatype_mismatch")
    return storable_text("body", value)


# Every client field of a ticket: how it is checked and normalised (on create and update
# alike) and the value a new ticket takes when the client leaves it out.
TICKET_FIELDS: dict[str, tuple[Callable[[Any], Any], Any]] = {
    "subject": (partial(optional_string, "subject"), None),
    "description": (partial(optional_string, "description", max_length=None), None),
    "status": (status, 2),
    "priority": (priority, 1),
    "source": (source, 2),
    "type": (partial(optional_string, "type"), None),
    "tags": (tags, ()),
    "responder_id": (partial(optional_id, "responder_id"), None),
    "group_id": (partial(optional_id, "group_id"), None),
    "company_id": (partial(optional_id, "company_id"), None),
    "product_id": (partial(optional_id, "product_id"), None),
    "email_config_id": (partial(optional_id, "email_config_id"), None),
    "custom_fields": (custom_fields, {}),
    "cc_emails": (partial(emails, "cc_emails"), ()),
    "due_by": (partial(timestamp, "due_by"), None),
    "fr_due_by": (partial(timestamp, "fr_due_by"), None),
}
# The requester is changed by id; the handler resolves it to a contact first.
UPDATABLE_FIELDS: frozenset[str] = frozenset(TICKET_FIELDS) | {"requester_id"}
_CHECKS = {name: check for name, (check, _) in TICKET_FIELDS.items()}
_CHECKS["requester_id"] = requester_id


def ticket_fields(values: Mapping[str, Any], allowed: Collection[str]) -> dict[str, Any]:
    """Return ticket field values checked and normalised, or raise one ValidationFailed.

    A name outside `allowed` fails with `invalid_field`, as Freshdesk answers it.
    """
    return collect({
        name: partial(_CHECKS[name], value) if name in allowed else partial(_unknown_field, name)
        for name, value in values.items()
    })


def new_ticket_fields(sent: Mapping[str, Any]) -> dict[str, Any]:
    """Return every field of a new ticket: what the client sent, checked, and defaults."""
    defaults = {name: default for name, (_, default) in TICKET_FIELDS.items()}
    return ticket_fields({**defaults, **sent}, allowed=TICKET_FIELDS)


def _unknown_field(name: str) -> None:
    raise InvalidValue(name, "Unexpected/invalid field in request", code="invalid_field")
