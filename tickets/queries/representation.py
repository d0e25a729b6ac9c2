"""Render read rows as Freshdesk JSON (FRESHDESK_API.md §3)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tickets.domain.state import stats_dict, to_public_dict
from tickets.projections.rows import state_from_row


def ticket_json(row: dict[str, Any], *, description: bool) -> dict[str, Any]:
    """Return a ticket row as the ticket object; list views leave out the description."""
    state = state_from_row(row)
    out = to_public_dict(replace(state, description=None))
    if description:
        out["description"] = row["description"]
        out["description_text"] = row["description_text"]
    else:
        del out["description"], out["description_text"]
    return out


def ticket_stats(row: dict[str, Any]) -> dict[str, Any]:
    return stats_dict(state_from_row(row))


def requester_json(contact: dict[str, Any] | None) -> dict[str, Any] | None:
    if contact is None:
        return None
    return {"id": contact["id"], "name": contact["name"], "email": contact["email"],
            "mobile": contact["mobile"], "phone": contact["phone"]}


def company_json(company_id: int | None) -> dict[str, Any] | None:
    # Companies get their own registry with the people app; until then only the id is known.
    return None if company_id is None else {"id": company_id, "name": None}
