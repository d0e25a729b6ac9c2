"""GET /contact_fields: the contact's default fields in Freshdesk's shape.

This desk has no custom contact fields to define yet (`custom_fields` takes free keys), so
the list is the default fields, fixed: they carry one fixed creation time.
"""

from __future__ import annotations

from typing import Any

from people.domain.contact_fields import LANGUAGES

FIELDS_SINCE = "2024-01-01T00:00:00Z"

# (name, label, type, required for agents)
_DEFAULT_FIELDS = (
    ("name", "Full name", "default_name", True),
    ("job_title", "Title", "default_job_title", False),
    ("email", "Email", "default_email", False),
    ("phone", "Work phone", "default_phone", False),
    ("mobile", "Mobile phone", "default_mobile", False),
    ("twitter_id", "Twitter", "default_twitter_id", False),
    ("company_name", "Company", "default_company_name", False),
    ("address", "Address", "default_address", False),
    ("time_zone", "Time zone", "default_time_zone", False),
    ("language", "Language", "default_language", False),
    ("tag_names", "Tags", "default_tag_names", False),
    ("description", "About", "default_description", False),
    ("unique_external_id", "Unique external ID", "default_unique_external_id", False),
)


def contact_fields_json() -> list[dict[str, Any]]:
    out = []
    for position, (name, label, kind, required) in enumerate(_DEFAULT_FIELDS, start=1):
        field: dict[str, Any] = {
            "id": position, "name": name, "label": label, "position": position, "type": kind,
            "default": True, "required_for_agents": required, "customers_can_edit": True,
            "label_for_customers": label, "required_for_customers": required,
            "displayed_for_customers": True, "editable_in_signup": name in ("name", "email"),
            "created_at": FIELDS_SINCE, "updated_at": FIELDS_SINCE,
        }
        if name == "language":
            field["choices"] = sorted(LANGUAGES)
        out.append(field)
    return out
