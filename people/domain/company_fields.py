"""A company's fields (FRESHDESK_API.md §4.5): each one's check and the value a new company
takes without it, and the normal forms its name and domains are claimed under.

Every check refuses what the store could not hold (shopnest.domain.checks); messages and
codes are Freshdesk's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from shopnest.domain import checks as valid
from shopnest.domain.errors import InvalidValue

# A domain name as DNS writes it: labels of letters, digits and inner hyphens, at most 63
# characters each and 253 in all (RFC 1035 / 1123). Freshdesk's own samples hold one-label
# domains ("supernova"), so a dot is not required.
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_DOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})*", re.ASCII)
DOMAIN_MAX_LENGTH = 253


def claimed_name(name: str) -> str:
    """Return the form a company name is unique in: case and outer spaces do not count."""
    return name.strip().casefold()


def normalise_domain(value: str) -> str:
    """Return a domain as it is compared and claimed: stripped, lower-cased, no final dot."""
    return value.strip().lower().removesuffix(".")


def is_domain(value: str) -> bool:
    return len(value) <= DOMAIN_MAX_LENGTH and _DOMAIN.fullmatch(value) is not None


def email_domain(email: Any) -> str | None:
    """Return the normalised domain of an e-mail address, or None when it has no valid one."""
    if not isinstance(email, str) or "@" not in email:
        return None
    domain = normalise_domain(email.rpartition("@")[2])
    return domain if is_domain(domain) else None


def name(value: Any) -> str:
    """Return the company name stripped; it is required and at most 255 characters."""
    text = valid.optional_string("name", value)
    if text is None or not text.strip():
        raise InvalidValue("name", valid.MISSING_MESSAGE, code="missing_field")
    return text.strip()


def domains(value: Any) -> list[str]:
    """Return the domains normalised and deduplicated in order; each must be a valid domain."""
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise InvalidValue("domains", "It should be a/an Array", code="datatype_mismatch")
    if not all(isinstance(item, str) for item in value):
        raise InvalidValue("domains", "It should contain elements of type String only",
                           code="datatype_mismatch")
    for item in value:
        valid.storable_text("domains", item)
    normalised = [normalise_domain(item) for item in value]
    bad = [item for item in normalised if not is_domain(item)]
    if bad:
        raise InvalidValue("domains", f"It should contain elements that are valid domains "
                                      f"(not {bad[0][:100]!r})")
    return list(dict.fromkeys(normalised))


def custom_fields(value: Any) -> dict[str, Any]:
    return {} if value is None else valid.custom_fields(value)


# Every client field of a company: its check (on create and update alike) and its default.
COMPANY_FIELDS: dict[str, tuple[Callable[[Any], Any], Any]] = {
    "name": (name, None),
    "description": (partial(valid.optional_string, "description", max_length=None), None),
    "domains": (domains, ()),
    "note": (partial(valid.optional_string, "note", max_length=None), None),
    "health_score": (partial(valid.optional_string, "health_score"), None),
    "account_tier": (partial(valid.optional_string, "account_tier"), None),
    "renewal_date": (partial(valid.timestamp, "renewal_date"), None),
    "industry": (partial(valid.optional_string, "industry"), None),
    "custom_fields": (custom_fields, {}),
}


def company_fields(values: Mapping[str, Any], allowed: Collection[str] = COMPANY_FIELDS
                   ) -> dict[str, Any]:
    """Return field values checked and normalised, or raise one ValidationFailed listing every
    bad field; a name outside `allowed` fails with `invalid_field`."""
    return valid.collect({
        key: partial(COMPANY_FIELDS[key][0], value) if key in allowed and key in COMPANY_FIELDS
        else partial(_unknown_field, key)
        for key, value in values.items()
    })


def new_company_fields(sent: Mapping[str, Any]) -> dict[str, Any]:
    """Return every field of a new company: what the client sent, checked, and defaults."""
    defaults = {key: default for key, (_, default) in COMPANY_FIELDS.items()}
    return company_fields({**defaults, **sent})


def _unknown_field(key: str) -> None:
    raise InvalidValue(key, "Unexpected/invalid field in request", code="invalid_field")


@dataclass(frozen=True)
class FieldDefinition:
    """One of a company's default fields as the desk describes it (GET /company_fields)."""

    position: int
    name: str
    label: str
    type: str
    required_for_agent: bool = False
    choices: tuple[str, ...] = ()


# Freshdesk's default company fields; the choices are Freshdesk's defaults (values outside
# them are kept: a desk's own choices arrive with configurable fields).
DEFAULT_FIELDS: tuple[FieldDefinition, ...] = (
    FieldDefinition(1, "name", "Company Name", "default_name", required_for_agent=True),
    FieldDefinition(2, "description", "Description", "default_description"),
    FieldDefinition(3, "note", "Notes", "default_note"),
    FieldDefinition(4, "domains", "Domains for this company", "default_domains"),
    FieldDefinition(5, "health_score", "Health score", "default_health_score",
                    choices=("At risk", "Doing okay", "Happy")),
    FieldDefinition(6, "account_tier", "Account tier", "default_account_tier",
                    choices=("Basic", "Premium", "Enterprise")),
    FieldDefinition(7, "renewal_date", "Renewal date", "default_renewal_date"),
    FieldDefinition(8, "industry", "Industry", "default_industry",
                    choices=("Automotive", "Banking", "Consulting", "Consumer goods",
                             "Education", "Energy", "Entertainment", "Financial services",
                             "Government", "Healthcare", "Hospitality", "Insurance",
                             "Manufacturing", "Media", "Non-profit", "Retail", "Software",
                             "Telecommunications", "Transportation", "Other")),
)
