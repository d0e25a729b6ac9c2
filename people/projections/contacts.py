"""The contacts projection: contact streams → the contact read table."""

from __future__ import annotations

from people.domain.contacts import CONTACT
from people.models import ContactView
from people.projections.rows import contact_row, contact_stream
from shopnest.projections.aggregate import AggregateProjection, Change
from shopnest.projections.upsert import bulk_upsert

CONTACT_TABLE = ContactView._meta.db_table
JSON_COLUMNS = ("other_companies", "custom_fields")


class ContactsProjection(AggregateProjection):
    name = "contacts"
    aggregate = CONTACT
    tables = (CONTACT_TABLE,)

    def stored_versions(self, keys):
        return dict(ContactView.objects.filter(id__in=keys).values_list("id", "version"))

    def load(self, keys):
        return {row["id"]: contact_stream(row)
                for row in ContactView.objects.filter(id__in=keys).values()}

    def save(self, changes: list[Change]) -> None:
        bulk_upsert(CONTACT_TABLE, [contact_row(after) for _, after in changes], key=("id",),
                    json_columns=JSON_COLUMNS)
