"""Contact rows and the contact states they hold (lossless, like the ticket rows)."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from people.domain.contacts import CONTACT, ContactState
from shopnest.domain.data import from_data, to_data
from shopnest.eventstore.streams import Stream
from shopnest.timestamps import format_datetime

_CONTACT_COLUMNS = tuple(f.name for f in fields(ContactState) if f.name not in ("exists", "id"))


def contact_row(contact: Stream[ContactState]) -> dict[str, Any]:
    data = to_data(contact.state)
    return {"id": contact.key, "version": contact.version,
            **{name: data[name] for name in _CONTACT_COLUMNS}}


def contact_state(row: dict[str, Any]) -> ContactState:
    return from_data(ContactState, {"exists": True, "id": row["id"],
                                    **{name: format_datetime(row[name]) for name in _CONTACT_COLUMNS}})


def contact_stream(row: dict[str, Any]) -> Stream[ContactState]:
    return Stream(CONTACT, row["id"], contact_state(row), row["version"])
