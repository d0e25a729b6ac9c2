"""The customer view of the ticket endpoints: what a customer may send and see.

A customer (a contact calling with a key of their own) uses the same endpoints as agents,
narrowed: they create tickets for themselves and reply to them, and see their tickets
without the fields that are the desk's own business (groups, tags, SLA timers, internal
custom fields, spam marks) and without private notes (tickets/queries filter those out).
"""

from __future__ import annotations

from typing import Any

from shopnest.api.permissions import actor_type

# Ticket fields a customer may set when they open a ticket; their requester is themselves.
CREATE_FIELDS = {"subject", "description", "cc_emails", "type", "priority"}
REPLY_FIELDS = {"body", "cc_emails"}
# Includes that show the desk's workings (timers of first response and resolution).
AGENT_ONLY_INCLUDES = ("stats",)
AGENT_ONLY_TICKET_FIELDS = (
    "group_id", "tags", "due_by", "fr_due_by", "nr_due_by", "fr_escalated", "is_escalated",
    "nr_escalated", "spam", "email_config_id", "product_id", "custom_fields", "association_type",
    "stats",
)


def is_customer(request) -> bool:
    return actor_type(request) == "contact"


def shown_to(request, ticket: dict[str, Any]) -> dict[str, Any]:
    """The ticket object as the caller may see it."""
    if not is_customer(request):
        return ticket
    return {k: v for k, v in ticket.items() if k not in AGENT_ONLY_TICKET_FIELDS}


def includes_for(request, include: tuple[str, ...]) -> tuple[str, ...]:
    if not is_customer(request):
        return include
    return tuple(name for name in include if name not in AGENT_ONLY_INCLUDES)
