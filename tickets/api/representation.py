"""The Freshdesk representation of the help desk's states (FRESHDESK_API.md §3, §4.1).

The one renderer: command answers, query answers and the back office's activity timeline all
come through here, from domain states, never from rows or events directly.
"""

from __future__ import annotations

import copy
from dataclasses import asdict
from typing import Any

from django.conf import settings

from people.domain.contacts import ContactState
from tickets.domain.codes import Priority, conversation_category, conversation_source
from tickets.domain.state import ConversationState, TicketState
from tickets.domain.text import html_to_text

# Fields the domain never sets: Freshdesk clients expect them, so they are always present.
CONSTANT_TICKET_FIELDS: dict[str, Any] = {
    "fwd_emails": [], "to_emails": None, "nr_due_by": None, "fr_escalated": False,
    "is_escalated": False, "nr_escalated": False, "association_type": None, "attachments": [],
}


def ticket_json(ticket: TicketState, *, description: bool = True) -> dict[str, Any]:
    """Return the ticket object; list views leave out the description unless asked for it."""
    text = None if ticket.description is None else html_to_text(ticket.description)
    out: dict[str, Any] = {
        "id": ticket.id, "subject": ticket.subject,
        "description": ticket.description, "description_text": text,
        "status": ticket.status, "priority": ticket.priority, "source": ticket.source,
        "type": ticket.type, "tags": list(ticket.tags), "requester_id": ticket.requester_id,
        "responder_id": ticket.responder_id, "group_id": ticket.group_id,
        "company_id": ticket.company_id, "product_id": ticket.product_id,
        "email_config_id": ticket.email_config_id, "cc_emails": list(ticket.cc_emails),
        "reply_cc_emails": list(ticket.cc_emails), "ticket_cc_emails": list(ticket.cc_emails),
        "due_by": ticket.due_by, "fr_due_by": ticket.fr_due_by,
        "spam": ticket.spam, "deleted": ticket.deleted,
        "urgent": ticket.priority == Priority.URGENT,
        "custom_fields": dict(ticket.custom_fields),
        "created_at": ticket.created_at, "updated_at": ticket.updated_at,
    }
    out.update(copy.deepcopy(CONSTANT_TICKET_FIELDS))
    if not description:
        del out["description"], out["description_text"]
    return out


def stats_json(ticket: TicketState) -> dict[str, str | None]:
    """Return the ticket's `stats` object."""
    return asdict(ticket.stats)


def support_email() -> str:
    return settings.SHOPNEST_SUPPORT_EMAIL


def conversation_json(ticket_id: int, conversation: ConversationState) -> dict[str, Any]:
    """Return Freshdesk's conversation object (FRESHDESK_API.md §4.1)."""
    reply = conversation.kind == "reply"
    from_email = None
    if reply:  # our replies go out from the support mailbox, unless they name an address
        from_email = conversation.from_email or (None if conversation.incoming else support_email())
    out = {
        "id": conversation.id, "ticket_id": ticket_id, "body": conversation.body,
        "body_text": conversation.body_text, "incoming": conversation.incoming,
        "private": conversation.private, "user_id": conversation.user_id,
        "support_email": support_email() if reply else None,
        "source": int(conversation_source(conversation.kind)),
        "category": int(conversation_category(conversation.incoming)),
        "to_emails": list(conversation.to_emails), "from_email": from_email,
        "cc_emails": list(conversation.cc_emails), "bcc_emails": list(conversation.bcc_emails),
        "attachments": [], "last_edited_at": conversation.last_edited_at,
        "last_edited_user_id": conversation.last_edited_user_id,
        "created_at": conversation.created_at, "updated_at": conversation.updated_at,
    }
    if reply:
        out["replied_to"] = list(conversation.to_emails)
    else:
        out["notified_to"] = list(conversation.notify_emails)
    return out


def requester_json(contact: ContactState | None) -> dict[str, Any] | None:
    if contact is None:
        return None
    return {"id": contact.id, "name": contact.name, "email": contact.email,
            "mobile": contact.mobile, "phone": contact.phone}


def company_json(company_id: int | None, name: str | None) -> dict[str, Any] | None:
    """Return the ticket's `company` include: its id and name (null once it is deleted)."""
    return None if company_id is None else {"id": company_id, "name": name}
