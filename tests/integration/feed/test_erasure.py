"""An erased contact's personal data never comes out of the feed: the feed reads the store
through the reader that opens sealed fields, so theirs read as erased placeholders, and the
metadata that still names them (the address they acted with) is not shown at all."""

from __future__ import annotations

import uuid

from people.domain.customer_keys import IssueCustomerKey
from people.registration import send_now
from shopnest.domain.events import ERASED_TEXT
from tests.integration.api.conftest import Api
from tests.integration.erasure.desk import (
    EMAIL,
    NAME,
    NOTE,
    PERSONAL,
    admin_api,
    customer_with_tickets,
    settle,
)

from .conftest import read_feed

OWN_WORDS = "Sent from my own key, Zqx"


def _text(events) -> str:
    return str(events).lower()


def test_an_erased_contacts_data_is_absent_from_the_feed_and_their_events_remain():
    admin, _ = admin_api()
    customer = customer_with_tickets(admin)
    key = f"customer-{uuid.uuid4().hex}"
    send_now(IssueCustomerKey(contact_id=customer.contact_id, api_key=key),
             reads=("customer_keys", "contacts"))
    # Acting with their own key stores their address in the event's metadata, in plain.
    assert Api(key).post(f"tickets/{customer.ticket_ids[0]}/reply",
                         {"body": f"<p>{OWN_WORDS}</p>"}).status_code == 201
    before, _ = read_feed(admin, limit=100)
    for needle in (NAME, EMAIL, OWN_WORDS):
        assert needle.lower() in _text(before), needle

    erased = admin.delete(f"contacts/{customer.contact_id}/hard_delete?force=true")
    assert erased.status_code == 204, erased.content
    settle()
    after, _ = read_feed(admin, limit=7)

    leaked = [needle for needle in (*PERSONAL, OWN_WORDS) if needle.lower() in _text(after)]
    assert leaked == []
    assert NOTE in str(after), "what the agents wrote stays"
    assert len(after) > len(before), "the history keeps every event and adds the erasure's"
    contact = [e for e in after if e["stream_id"] == f"contact-{customer.contact_id}"]
    assert contact[0]["type"] == "ContactCreated" and contact[0]["data"]["name"] == ERASED_TEXT
    assert contact[-1]["type"] == "ContactErased"
    assert "ContactErasedFromTicket" in {e["type"] for e in after}
