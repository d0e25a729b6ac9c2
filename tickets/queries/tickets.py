"""Query handlers over the ticket read table; they answer with states, the API renders them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from people.domain.contacts import ContactState
from people.models import ContactView
from people.projections.rows import contact_state
from people.queries.companies import company_names
from shopnest.mediator import MessageContext
from tickets.access import TicketOutOfScope, access_of
from tickets.domain.access import TicketAccess
from tickets.domain.codes import Status
from tickets.domain.state import ConversationState, TicketState
from tickets.models import ConversationView, TicketView
from tickets.projections.rows import conversation_state, ticket_state
from tickets.queries.access import visible
from tickets.queries.messages import GetTicket, ListTickets, UnwritableTickets

LIST_COLUMNS = tuple(f.attname for f in TicketView._meta.concrete_fields
                     if f.attname not in ("description", "description_text"))
VIEW_CONVERSATIONS = 10
DEFAULT_WINDOW = timedelta(days=30)


@dataclass(frozen=True)
class TicketRead:
    """A ticket as a query found it, with what the query was asked to include."""

    ticket: TicketState
    version: int
    requester: ContactState | None = None
    conversations: tuple[ConversationState, ...] = ()
    # The name of the ticket's company (asked for with include=company; None: none, or gone).
    company_name: str | None = None


def _filtered(query: ListTickets, access: TicketAccess):
    rows = visible(TicketView.objects.all(), access)
    if query.filter == "spam":
        rows = rows.filter(spam=True, deleted=False)
    elif query.filter == "deleted":
        rows = rows.filter(deleted=True)
    else:
        rows = rows.filter(spam=False, deleted=False)
    if query.filter == "watching":
        rows = rows.filter(watcher_ids__contains=[query.caller_id])
    if query.filter == "new_and_my_open":
        mine_or_nobodys = Q(responder_id__isnull=True) | Q(responder_id=query.caller_id)
        rows = rows.filter(mine_or_nobodys, status=Status.OPEN)
    if query.requester_id is not None:
        rows = rows.filter(requester_id=query.requester_id)
    if query.email:
        rows = rows.filter(requester_email=query.email.strip().lower())
    if query.company_id is not None:
        rows = rows.filter(company_id=query.company_id)
    if query.unique_external_id:
        ids = ContactView.objects.filter(unique_external_id=query.unique_external_id)
        rows = rows.filter(requester_id__in=ids.values("id"))
    if query.updated_since is not None:
        rows = rows.filter(updated_at__gte=query.updated_since)
    elif settings.SHOPNEST_FRESHDESK_LIST_LIMITS:
        rows = rows.filter(created_at__gte=timezone.now() - DEFAULT_WINDOW)
    return rows


def list_tickets(query: ListTickets, ctx: MessageContext) -> tuple[list[TicketRead], bool]:
    """Return one page of tickets and whether another page follows."""
    sign = "-" if query.order_type == "desc" else ""
    rows = _filtered(query, access_of(ctx)).order_by(f"{sign}{query.order_by}", f"{sign}id")
    offset = (query.page - 1) * query.per_page
    with_description = "description" in query.include
    # Descriptions can be large: list pages fetch them only when asked to show them.
    columns = LIST_COLUMNS + (("description", "description_text") if with_description else ())
    page = list(rows.values(*columns)[offset : offset + query.per_page + 1])
    has_next = len(page) > query.per_page
    page = page[: query.per_page]
    contacts = _contacts({r["requester_id"] for r in page}) if "requester" in query.include else {}
    names = company_names(r["company_id"] for r in page) if "company" in query.include else {}
    reads = [TicketRead(ticket_state({"description": None, **row}), row["version"],
                        contacts.get(row["requester_id"]),
                        company_name=names.get(row["company_id"]))
             for row in page]
    return reads, has_next


def _contacts(ids: set[int | None]) -> dict[int, ContactState]:
    wanted = [i for i in ids if i is not None]
    return {row["id"]: contact_state(row)
            for row in ContactView.objects.filter(id__in=wanted).values()}


def get_ticket(query: GetTicket, ctx: MessageContext) -> TicketRead | None:
    """Return the ticket with the includes asked for, or None."""
    row = TicketView.objects.filter(id=query.ticket_id).values().first()
    if row is None:
        return None
    ticket = ticket_state(row)
    access = access_of(ctx)
    if not access.sees(ticket):
        raise TicketOutOfScope()
    requester = None
    if "requester" in query.include:
        requester = _contacts({row["requester_id"]}).get(row["requester_id"])
    conversations: tuple[ConversationState, ...] = ()
    if "conversations" in query.include:
        rows = (shown_conversations(row["id"], access)
                .order_by("created_at", "id").values()[:VIEW_CONVERSATIONS])
        conversations = tuple(conversation_state(c) for c in rows)
    names = company_names([row["company_id"]]) if "company" in query.include else {}
    return TicketRead(ticket, row["version"], requester, conversations,
                      names.get(row["company_id"]))


def shown_conversations(ticket_id: int, access: TicketAccess):
    """The live replies and notes of a ticket the caller may see: a customer never sees a
    private note."""
    rows = ConversationView.objects.filter(ticket_id=ticket_id, deleted=False)
    return rows.filter(private=False) if access.customer else rows


def unwritable_tickets(query: UnwritableTickets, ctx: MessageContext) -> list[int]:
    # A ticket the caller may not see is as unavailable as one that does not exist.
    rows = visible(TicketView.objects.filter(id__in=query.ticket_ids, spam=False, deleted=False),
                   access_of(ctx))
    writable = set(rows.values_list("id", flat=True))
    return sorted(set(query.ticket_ids) - writable)
