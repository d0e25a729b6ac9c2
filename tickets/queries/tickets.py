"""Query handlers over the ticket read table."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from shopnest.mediator import MessageContext
from tickets.conversations import conversation_json
from tickets.models import ContactView, ConversationView, TicketView
from tickets.queries.messages import GetTicket, ListTickets
from tickets.queries.representation import company_json, requester_json, ticket_json, ticket_stats

OPEN = 2
LIST_COLUMNS = tuple(f.attname for f in TicketView._meta.concrete_fields
                     if f.attname not in ("description", "description_text"))
VIEW_CONVERSATIONS = 10
DEFAULT_WINDOW = timedelta(days=30)


def _filtered(query: ListTickets):
    rows = TicketView.objects.all()
    if query.filter == "spam":
        rows = rows.filter(spam=True, deleted=False)
    elif query.filter == "deleted":
        rows = rows.filter(deleted=True)
    else:
        rows = rows.filter(spam=False, deleted=False)
    if query.filter == "new_and_my_open":
        mine_or_nobodys = Q(responder_id__isnull=True) | Q(responder_id=query.caller_id)
        rows = rows.filter(mine_or_nobodys, status=OPEN)
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


def list_tickets(query: ListTickets, ctx: MessageContext) -> tuple[list[dict[str, Any]], bool]:
    """Return one page of tickets and whether another page follows."""
    sign = "-" if query.order_type == "desc" else ""
    rows = _filtered(query).order_by(f"{sign}{query.order_by}", f"{sign}id")
    offset = (query.page - 1) * query.per_page
    with_description = "description" in query.include
    # Descriptions can be large: list pages fetch them only when asked to show them.
    columns = LIST_COLUMNS + (("description", "description_text") if with_description else ())
    page = list(rows.values(*columns)[offset : offset + query.per_page + 1])
    if not with_description:
        for row in page:
            row["description"] = row["description_text"] = None
    has_next = len(page) > query.per_page
    page = page[: query.per_page]
    contacts = _contacts({r["requester_id"] for r in page}) if "requester" in query.include else {}
    return [_decorated(r, query.include, contacts) for r in page], has_next


def _contacts(ids: set[int | None]) -> dict[int, dict[str, Any]]:
    wanted = [i for i in ids if i is not None]
    return {c["id"]: c for c in ContactView.objects.filter(id__in=wanted).values()}


def _decorated(row: dict[str, Any], include: tuple[str, ...], contacts) -> dict[str, Any]:
    out = ticket_json(row, description="description" in include)
    if "stats" in include:
        out["stats"] = ticket_stats(row)
    if "requester" in include:
        out["requester"] = requester_json(contacts.get(row["requester_id"]))
    if "company" in include:
        out["company"] = company_json(row["company_id"])
    return out


def get_ticket(query: GetTicket, ctx: MessageContext) -> tuple[dict[str, Any], int] | None:
    """Return the ticket object (with the includes asked for) and its version, or None."""
    row = TicketView.objects.filter(id=query.ticket_id).values().first()
    if row is None:
        return None
    contacts = _contacts({row["requester_id"]}) if "requester" in query.include else {}
    out = _decorated(row, query.include, contacts)
    out["description"], out["description_text"] = row["description"], row["description_text"]
    if "conversations" in query.include:
        conversations = (ConversationView.objects.filter(ticket_id=row["id"], deleted=False)
                         .order_by("created_at", "id").values()[:VIEW_CONVERSATIONS])
        out["conversations"] = [conversation_json(c) for c in conversations]
    return out, row["version"]
