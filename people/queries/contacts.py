"""Contact queries, answered from the contact read table with contact states;
people/api/contacts.py renders them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from django.db.models import Q

from people.domain.contact_fields import normalise_email
from people.domain.contacts import ContactState
from people.models import ContactView
from people.projections.rows import contact_state
from shopnest.mediator import MessageContext
from shopnest.messages import Query

AUTOCOMPLETE_LIMIT = 25


@dataclass(frozen=True)
class ListContacts(Query):
    """Contacts sorted by name, then id. Deleted contacts only with `state="deleted"`."""

    reads: ClassVar[tuple[str, ...]] = ("contacts",)

    page: int = 1
    per_page: int = 30
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    company_id: int | None = None
    state: str | None = None  # blocked | deleted | unverified | verified
    updated_since: datetime | None = None


@dataclass(frozen=True)
class GetContact(Query):
    reads: ClassVar[tuple[str, ...]] = ("contacts",)

    contact_id: int


@dataclass(frozen=True)
class AutocompleteContacts(Query):
    """Live contacts whose name (or an address) starts with `term`, by name."""

    reads: ClassVar[tuple[str, ...]] = ("contacts",)

    term: str


def _filtered(query: ListContacts):
    rows = ContactView.objects.all()
    if query.state == "blocked":
        # Nothing blocks a contact on this desk (there is no block command): none are.
        return rows.none()
    rows = rows.filter(deleted=query.state == "deleted")
    if query.state in ("verified", "unverified"):
        rows = rows.filter(active=query.state == "verified")
    if query.email:
        address = normalise_email(query.email)
        rows = rows.filter(Q(email=address) | Q(other_emails__contains=[address]))
    if query.phone:
        rows = rows.filter(phone=query.phone)
    if query.mobile:
        rows = rows.filter(mobile=query.mobile)
    if query.company_id is not None:
        rows = rows.filter(company_id=query.company_id)
    if query.updated_since is not None:
        rows = rows.filter(updated_at__gte=query.updated_since)
    return rows


def list_contacts(query: ListContacts, ctx: MessageContext) -> tuple[list[ContactState], bool]:
    """One page of contacts, and whether another follows."""
    offset = (query.page - 1) * query.per_page
    page = list(_filtered(query).order_by("name", "id")
                .values()[offset: offset + query.per_page + 1])
    return [contact_state(row) for row in page[: query.per_page]], len(page) > query.per_page


def get_contact(query: GetContact, ctx: MessageContext) -> ContactState | None:
    row = ContactView.objects.filter(id=query.contact_id).values().first()
    return None if row is None else contact_state(row)


def autocomplete_contacts(query: AutocompleteContacts, ctx: MessageContext
                          ) -> list[ContactState]:
    term = query.term.strip()
    if not term:
        return []
    matching = Q(name__istartswith=term) | Q(email__startswith=term.lower())
    rows = (ContactView.objects.filter(matching, deleted=False).order_by("name", "id")
            .values()[:AUTOCOMPLETE_LIMIT])
    return [contact_state(row) for row in rows]
