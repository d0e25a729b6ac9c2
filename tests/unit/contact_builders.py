"""Given-events for contact tests: a contact's history in a line."""

from __future__ import annotations

from typing import Any

from people.domain.contacts import CONTACT, ContactCreated, ContactEvent
from shopnest.domain.aggregate import DecisionContext
from shopnest.eventstore.streams import Stream

from .ticket_builders import at

CONTACT_ID = 5
ANN = "ann@example.com"


def ctx(*, owners: dict[str, int | None] | None = None, companies: dict[int, bool] | None = None,
        minutes: int = 1, actor: int | None = 7) -> DecisionContext:
    """The context a contact handler builds: who holds which address, which companies exist."""
    return DecisionContext(now=at(minutes), actor_id=actor, ids={"contact": CONTACT_ID},
                           refs={"email_owners": owners or {}, "companies": companies or {}})


def created(**fields: Any) -> ContactCreated:
    return ContactCreated(**{"contact_id": CONTACT_ID, "name": "Ann", "email": ANN,
                             "at": at(0), **fields})


def contact(*events: ContactEvent) -> Stream:
    """The contact's stream after `events` (a plain ContactCreated without any)."""
    return Stream(CONTACT, CONTACT_ID, CONTACT.initial).then(list(events) or [created()])
