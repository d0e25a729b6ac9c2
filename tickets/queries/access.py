"""The ticket access rule (tickets/domain/access.py) as a filter on the ticket read table."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tickets.domain.access import TicketAccess


def visible(rows: QuerySet, access: TicketAccess) -> QuerySet:
    """Keep only the rows `access` sees: the same fields `TicketAccess.sees` judges."""
    if access.everything:
        return rows
    seen = Q(pk__in=[])
    if access.assigned_to is not None:
        seen |= Q(responder_id=access.assigned_to)
    if access.group_ids:
        seen |= Q(group_id__in=sorted(access.group_ids))
    if access.requester_id is not None:
        seen |= Q(requester_id=access.requester_id)
    if access.company_ids:
        seen |= Q(company_id__in=sorted(access.company_ids))
    return rows.filter(seen)
