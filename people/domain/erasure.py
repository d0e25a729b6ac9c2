"""Erasing a contact (Freshdesk's hard delete): the person's data is destroyed for good.

The history keeps every event; what makes the data unreadable is the destruction of the
contact's data key (docs/erasure.md), which the handler asks for in the same Decision.
Freshdesk erases only a contact already soft deleted, unless the caller forces it.
"""

from __future__ import annotations

from dataclasses import dataclass

from shopnest.domain.aggregate import DecisionContext
from shopnest.domain.errors import NotAllowed
from shopnest.messages import Command

from .contacts import ContactErased, ContactNotFound, ContactState


class ContactNotDeleted(NotAllowed):
    """A contact must be soft deleted before it is erased, unless the erasure is forced."""

    message = "The contact must be deleted first (or hard deleted with force=true)"


@dataclass(frozen=True)
class EraseContact(Command):
    """Erase a contact and everything they are or wrote; `force` skips the soft delete."""

    contact_id: int
    force: bool = False


def decide_erasure(state: ContactState, command: EraseContact, ctx: DecisionContext
                   ) -> list[ContactErased]:
    if not state.exists:  # also once erased
        raise ContactNotFound()
    if not command.force and not state.deleted:
        raise ContactNotDeleted()
    return [ContactErased(contact_id=command.contact_id, at=ctx.now, actor_id=ctx.actor_id)]
