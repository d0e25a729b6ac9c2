"""The rules of a contact's fields (FRESHDESK_API.md §4.2): each check returns the value as
events hold it (lists, plain dicts), or raises InvalidValue.

Every rule also refuses what the store could not hold (shopnest.domain.checks/storable):
NUL, lone surrogates, non-finite or huge numbers, over-long text, nested objects.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from shopnest.domain import checks as valid
from shopnest.domain.errors import InvalidValue, ValidationFailed

from .contacts import DETAIL_FIELDS, IDENTIFYING_FIELDS

# Freshdesk keeps up to ten addresses besides the primary one.
MAX_OTHER_EMAILS = 10
MAX_OTHER_COMPANIES = 300
DESCRIPTION_MAX_LENGTH = 65_535
# The languages Freshdesk offers a contact (its `language` codes).
LANGUAGES = frozenset({
    "ar", "bs", "bg", "ca", "zh-CN", "zh-TW", "hr", "cs", "da", "nl", "en", "et", "fi", "fr",
    "de", "el", "he", "hu", "id", "it", "ja-JP", "ko", "lv-LV", "lt", "ms", "nb-NO", "pl",
    "pt-BR", "pt-PT", "ro", "ru-RU", "sr", "sk", "sl", "es-LA", "es", "sv-SE", "th", "tr",
    "uk", "vi", "vi-VN",
})
# What a field holds when nothing was said about it.
DEFAULTS: dict[str, Any] = {"other_emails": [], "language": "en", "view_all_tickets": False,
                            "other_companies": [], "tags": [], "custom_fields": {}}
NO_COMPANY_MESSAGE = "There is no company matching the given id"


def normalise_email(email: str | None) -> str | None:
    """Return the address as it is compared and claimed: stripped and lower-cased."""
    if email is None:
        return None
    return email.strip().lower() or None


def checked_email(value: Any) -> str | None:
    """Return a requester's e-mail address normalised, or raise ValidationFailed."""
    return valid.single("email", email, value)


def email(value: Any) -> str | None:
    address = normalise_email(valid.optional_string("email", value))
    if address is None:
        return None
    if not _is_address(address):
        raise InvalidValue("email", "It should be in the 'valid email address' format")
    return address


def _is_address(address: str) -> bool:
    local, at, domain = address.partition("@")
    return bool(local and at and domain) and "@" not in domain and not any(
        c.isspace() for c in address)


def other_emails(value: Any) -> list[str]:
    if value is None:
        return []
    addresses = [normalise_email(a) for a in valid.emails("other_emails", value)]
    for address in addresses:
        valid.optional_string("other_emails", address)  # the length of one address
    if len(addresses) > MAX_OTHER_EMAILS:
        raise InvalidValue("other_emails", f"Has {len(addresses)} elements, it can have "
                                           f"maximum of {MAX_OTHER_EMAILS} elements")
    return list(dict.fromkeys(a for a in addresses if a))


def name(value: Any) -> str:
    text = valid.optional_string("name", value)
    if text is None or not text.strip():
        raise InvalidValue("name", valid.MISSING_MESSAGE, code="missing_field")
    return text.strip()


def optional_text(field: str, value: Any, max_length: int = valid.MAX_STRING_LENGTH
                  ) -> str | None:
    text = valid.optional_string(field, value, max_length)
    if text is None or not text.strip():
        return None
    return text.strip()


def language(value: Any) -> str:
    if value is None:
        return "en"
    valid.optional_string("language", value)
    if value not in LANGUAGES:
        raise InvalidValue("language", "It should be one of these values: '"
                                       + ",".join(sorted(LANGUAGES)) + "'")
    return value


def company_id(value: Any) -> int | None:
    return valid.optional_id("company_id", value)


def other_companies(value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise InvalidValue("other_companies", "It should be a/an Array",
                           code="datatype_mismatch")
    if len(value) > MAX_OTHER_COMPANIES:
        raise InvalidValue("other_companies", f"Has {len(value)} elements, it can have "
                                              f"maximum of {MAX_OTHER_COMPANIES} elements")
    companies = [_other_company(item) for item in value]
    ids = [c["company_id"] for c in companies]
    if len(set(ids)) != len(ids):
        raise InvalidValue("other_companies", "It should not contain duplicate companies")
    return companies


def _other_company(item: Any) -> dict[str, Any]:
    if not isinstance(item, Mapping) or not set(item) <= {"company_id", "view_all_tickets"}:
        raise InvalidValue("other_companies", "It should contain elements of the form "
                           "{company_id, view_all_tickets}", code="datatype_mismatch")
    if item.get("company_id") is None:
        raise InvalidValue("other_companies", "company_id: " + valid.MISSING_MESSAGE,
                           code="missing_field")
    return {"company_id": valid.optional_id("other_companies", item["company_id"]),
            "view_all_tickets": valid.optional_bool("other_companies",
                                                    item.get("view_all_tickets"), False)}


def tags(value: Any) -> list[str]:
    return [] if value is None else valid.tags(value)


def custom_fields(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    checked = valid.custom_fields(value)
    for key in checked:
        valid.optional_string("custom_fields", key)  # the length of a field name
    return checked


RULES: dict[str, Callable[[Any], Any]] = {
    "name": name,
    "email": email,
    "other_emails": other_emails,
    **{field: partial(optional_text, field) for field in (
        "phone", "mobile", "twitter_id", "unique_external_id", "address", "job_title",
        "time_zone")},
    "description": partial(optional_text, "description", max_length=DESCRIPTION_MAX_LENGTH),
    "language": language,
    "company_id": company_id,
    "view_all_tickets": partial(valid.optional_bool, "view_all_tickets", default=False),
    "other_companies": other_companies,
    "tags": tags,
    "custom_fields": custom_fields,
}
assert set(RULES) == set(DETAIL_FIELDS), "every detail of a contact has its rule"


def checked(values: Mapping[str, Any]) -> dict[str, Any]:
    """Return `values` checked field by field, or raise one ValidationFailed listing every
    bad field (an unknown field name included)."""
    unknown = [InvalidValue(name, "Unexpected/invalid field in request", code="invalid_field")
               for name in values if name not in RULES]
    if unknown:
        raise ValidationFailed(unknown)
    return valid.collect({name: partial(RULES[name], value) for name, value in values.items()})


def require_identifier(details: Mapping[str, Any]) -> None:
    """A contact must stay reachable or matchable by at least one identifying field."""
    if not any(details.get(name) for name in IDENTIFYING_FIELDS):
        raise ValidationFailed([InvalidValue(
            "email",
            "Please fill at least 1 of email, mobile, phone, twitter_id, unique_external_id fields",
            code="missing_field",
        )])


def addresses(details: Mapping[str, Any]) -> list[str]:
    """The addresses checked details hold: `email` first, then `other_emails`."""
    primary = details.get("email")
    return ([primary] if primary else []) + [a for a in details.get("other_emails") or []
                                             if a != primary]


def company_ids(details: Mapping[str, Any]) -> list[int]:
    """The companies checked details name."""
    ids = [details["company_id"]] if details.get("company_id") is not None else []
    return ids + [c["company_id"] for c in details.get("other_companies") or []]
