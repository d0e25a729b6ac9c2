"""The contacts projection: contact streams → the contact read table."""

from __future__ import annotations

from collections.abc import Sequence

from shopnest.eventstore.records import RecordedEvent
from shopnest.projections.base import Projection
from shopnest.projections.upsert import bulk_upsert
from tickets.domain.contacts import ContactCreated

CONTACT_TABLE = "tickets_contact_view"


class ContactsProjection(Projection):
    name = "contacts"
    event_types = (ContactCreated.TYPE,)
    tables = (CONTACT_TABLE,)

    def apply(self, events: Sequence[RecordedEvent]) -> None:
        rows = []
        for event in events:
            data = event.data
            rows.append({
                "id": data["contact_id"], "version": event.version, "name": data["name"],
                "email": data.get("email"), "phone": data.get("phone"),
                "mobile": data.get("mobile"), "twitter_id": data.get("twitter_id"),
                "unique_external_id": data.get("unique_external_id"),
                "created_at": data["at"], "updated_at": data["at"],
            })
        bulk_upsert(CONTACT_TABLE, rows, key=("id",))
