"""The customer-keys projection: customer-key streams → people_customer_key."""

from __future__ import annotations

from people.domain.customer_keys import CUSTOMER_KEY, CustomerKeyState
from people.models import CustomerKeyView
from shopnest.eventstore.streams import Stream
from shopnest.projections.aggregate import AggregateProjection, Change
from shopnest.projections.upsert import bulk_upsert
from shopnest.timestamps import format_datetime

TABLE = CustomerKeyView._meta.db_table


def key_row(keys: Stream[CustomerKeyState]) -> dict:
    state = keys.state
    return {"contact_id": keys.key, "version": keys.version, "key_hash": state.key_hash,
            "issued_at": state.issued_at, "updated_at": state.updated_at}


def key_stream(row: dict) -> Stream[CustomerKeyState]:
    state = CustomerKeyState(exists=True, contact_id=row["contact_id"], key_hash=row["key_hash"],
                             issued_at=format_datetime(row["issued_at"]),
                             updated_at=format_datetime(row["updated_at"]))
    return Stream(CUSTOMER_KEY, row["contact_id"], state, row["version"])


class CustomerKeysProjection(AggregateProjection):
    name = "customer_keys"
    aggregate = CUSTOMER_KEY
    tables = (TABLE,)

    def stored_versions(self, keys):
        return dict(CustomerKeyView.objects.filter(contact_id__in=keys)
                    .values_list("contact_id", "version"))

    def load(self, keys):
        return {row["contact_id"]: key_stream(row)
                for row in CustomerKeyView.objects.filter(contact_id__in=keys).values()}

    def save(self, changes: list[Change]) -> None:
        bulk_upsert(TABLE, [key_row(after) for _, after in changes], key=("contact_id",))
