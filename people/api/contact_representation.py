"""The Freshdesk contact object (FRESHDESK_API.md §4.2), rendered from contact states: for
command answers, query answers and the back office alike."""

from __future__ import annotations

from typing import Any

from people.domain.contacts import ContactState


def contact_json(contact: ContactState) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": contact.id, "name": contact.name, "email": contact.email,
        "other_emails": list(contact.other_emails), "phone": contact.phone,
        "mobile": contact.mobile, "twitter_id": contact.twitter_id,
        "unique_external_id": contact.unique_external_id, "address": contact.address,
        "description": contact.description, "job_title": contact.job_title,
        "language": contact.language, "time_zone": contact.time_zone,
        "active": contact.active, "company_id": contact.company_id,
        "view_all_tickets": contact.view_all_tickets,
        "other_companies": [{"company_id": c.company_id, "view_all_tickets": c.view_all_tickets}
                            for c in contact.other_companies],
        "tags": list(contact.tags), "avatar": None,
        "custom_fields": dict(contact.custom_fields),
        "created_at": contact.created_at, "updated_at": contact.updated_at,
    }
    if contact.deleted:  # Freshdesk shows the flag on deleted contacts only
        out["deleted"] = True
    return out


def autocomplete_json(contact: ContactState) -> dict[str, Any]:
    return {"id": contact.id, "name": contact.name}
