"""An agent's profile fields (FRESHDESK_API.md §4.3): each one's check and default.

Registration and updates check the same fields the same way; `email` and `name` keep their
own checks in agents.py (they name claim streams and the user row).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from functools import partial
from typing import Any

from shopnest.domain.checks import (
    MAX_ID,
    collect,
    one_of,
    optional_bool,
    optional_string,
)
from shopnest.domain.errors import InvalidValue

from .roles import ROLE_IDS

TICKET_SCOPES = frozenset({1, 2, 3})  # 1 global, 2 group, 3 restricted (own tickets only)
GLOBAL_ACCESS = 1


def id_list(field: str, value: Any) -> tuple[int, ...]:
    """Return a list of ids (positive integers that fit a bigint), deduplicated in order."""
    if not isinstance(value, list | tuple):
        raise InvalidValue(field, "It should be a/an Array", code="datatype_mismatch")
    for item in value:
        if isinstance(item, bool) or not isinstance(item, int) or item <= 0:
            raise InvalidValue(field, "It should contain elements of type Positive Integer only",
                               code="datatype_mismatch")
        if item > MAX_ID:
            raise InvalidValue(field, f"It should contain elements less than or equal to {MAX_ID}")
    return tuple(dict.fromkeys(int(item) for item in value))


def role_ids(value: Any) -> tuple[int, ...]:
    ids = id_list("role_ids", value)
    if not ids:
        raise InvalidValue("role_ids", "It should have at least one role")
    unknown = [role_id for role_id in ids if role_id not in ROLE_IDS]
    if unknown:
        raise InvalidValue("role_ids", f"There is no role with the id(s) {_listed(unknown)}")
    return ids


def text_with_default(field: str, default: str, value: Any) -> str:
    checked = optional_string(field, value)
    return default if checked is None or not checked.strip() else checked.strip()


# Every profile field a client may send: its check and the value a new agent gets without it.
PROFILE_FIELDS: dict[str, tuple[Callable[[Any], Any], Any]] = {
    "ticket_scope": (partial(one_of, "ticket_scope", allowed=TICKET_SCOPES), GLOBAL_ACCESS),
    "group_ids": (partial(id_list, "group_ids"), ()),
    "role_ids": (role_ids, None),  # None: from `is_admin` (roles.default_roles)
    "occasional": (partial(optional_bool, "occasional", default=False), False),
    "signature": (partial(optional_string, "signature", max_length=None), None),
    "phone": (partial(optional_string, "phone"), None),
    "mobile": (partial(optional_string, "mobile"), None),
    "job_title": (partial(optional_string, "job_title"), None),
    "language": (partial(text_with_default, "language", "en"), "en"),
    "time_zone": (partial(text_with_default, "time_zone", "UTC"), "UTC"),
}
# What only an update may set: availability (for assignment) moves with the agent's shift.
UPDATE_ONLY_FIELDS: dict[str, Callable[[Any], Any]] = {
    "available": lambda value: _required_bool("available", value),
}


def _required_bool(field: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidValue(field, "It should be a/an Boolean", code="datatype_mismatch")
    return value


def profile_fields(values: Mapping[str, Any], allowed: Collection[str]) -> dict[str, Any]:
    """Return the profile values checked and normalised, or raise one ValidationFailed."""
    checks = {**{name: check for name, (check, _) in PROFILE_FIELDS.items()}, **UPDATE_ONLY_FIELDS}
    return collect({
        name: partial(checks[name], value) if name in allowed and name in checks
        else partial(_unknown_field, name)
        for name, value in values.items()
    })


def new_profile(sent: Mapping[str, Any]) -> dict[str, Any]:
    """Return every profile field of a new agent: what was sent, checked, then defaults."""
    checked = profile_fields(sent, allowed=PROFILE_FIELDS)
    return {name: checked.get(name, default) for name, (_, default) in PROFILE_FIELDS.items()}


def unknown_ids(field: str, ids: Collection[int], found: Mapping[int, Any]) -> InvalidValue | None:
    """The error for ids that name nothing (`found[id]` is None or missing), or None."""
    unknown = [i for i in ids if found.get(i) is None]
    if not unknown:
        return None
    return InvalidValue(field, f"There is no {field.removesuffix('_ids')} with the id(s) "
                               f"{_listed(unknown)}")


def _listed(ids: Collection[int]) -> str:
    return ", ".join(str(i) for i in ids)


def _unknown_field(name: str) -> None:
    raise InvalidValue(name, "Unexpected/invalid field in request", code="invalid_field")
