"""Erase a contact: destroy their data key, free their addresses, redact their tickets.

One Decision, so one transaction: the contact's ContactErased, a ClaimReleased on every
address claim they still hold, CustomerKeyRevoked for their customer API key,
ContactErasedFromTicket on each of their tickets, and the
destruction of their key (after the append, as the first-write rule wants).
"""

from __future__ import annotations

from dataclasses import replace

from people.domain.contacts import CONTACT, CONTACT_EMAIL, ContactEmailClaimed
from people.domain.customer_keys import CUSTOMER_KEY, CustomerKeyRevoked
from people.domain.erasure import EraseContact, decide_erasure
from shopnest.domain.aggregate import ClaimReleased, DecisionContext
from shopnest.domain.events import person_key
from shopnest.eventstore import store, streams
from shopnest.eventstore.records import StreamAppend
from shopnest.mediator import Decision, MessageContext
from tickets.handlers.erasure import erasure_appends


def erase_contact(command: EraseContact, ctx: MessageContext) -> Decision:
    contact = streams.load(CONTACT, command.contact_id)
    decision_ctx = ctx.decision()
    events = decide_erasure(contact.state, command, decision_ctx)
    also = (*released_claims(command.contact_id, decision_ctx),
            *revoked_key(command.contact_id, decision_ctx),
            *erasure_appends(command.contact_id, decision_ctx))
    decided = contact.decided(events, lambda _: {"contact_id": command.contact_id}, also=also)
    return replace(decided, erase=(person_key(ContactEmailClaimed.PERSON_KIND,
                                              command.contact_id),))


def revoked_key(contact_id: int, ctx: DecisionContext) -> list[StreamAppend]:
    """An erased contact's customer API key stops working (sign-in reads only the key row)."""
    keys = streams.load(CUSTOMER_KEY, contact_id)
    if keys.state.key_hash is None:
        return []
    return [keys.append([CustomerKeyRevoked(contact_id=contact_id, at=ctx.now,
                                            actor_id=ctx.actor_id)])]


def released_claims(contact_id: int, ctx: DecisionContext) -> list[StreamAppend]:
    """Release every address claim the contact still holds (their claim events name them in
    plain by id; the addresses themselves are sealed, and hashed in the stream ids)."""
    appends = []
    for stream_id in store.streams_containing(ContactEmailClaimed.TYPE,
                                              {"contact_id": contact_id}):
        claim = streams.load_named(CONTACT_EMAIL, stream_id)
        if claim.state == contact_id:
            appends.append(claim.append([ClaimReleased(at=ctx.now, actor_id=ctx.actor_id)]))
    return appends
