"""What erasing a contact does to a ticket of theirs (people/domain/erasure.py erases them)."""

from __future__ import annotations

from shopnest.domain.aggregate import DecisionContext

from .events import ContactErasedFromTicket
from .state import TicketState


def erase_contact_from(state: TicketState, contact_id: int, *, opened: bool,
                       ctx: DecisionContext) -> list[ContactErasedFromTicket]:
    """Return the event that redacts the contact's data in this ticket (none for no ticket)."""
    if not state.exists:
        return []
    return [ContactErasedFromTicket(contact_id=contact_id, opened=opened, at=ctx.now,
                                    actor_id=ctx.actor_id)]
