"""Find or create the requester of a new ticket (FRESHDESK_API.md §2.3).

An unknown e-mail address creates a contact in its own stream, and claims the address in a
claim stream in the same append, so two requests racing with one new address end with one
contact: the loser's claim conflicts, it is re-decided, and then finds the winner's contact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from people.domain.contacts import (
    CONTACT,
    CONTACT_EMAIL,
    CreateContact,
    checked_email,
    decide_contact,
    email_claims,
)
from shopnest.eventstore import streams
from shopnest.eventstore.ids import allocate_id
from shopnest.eventstore.records import StreamAppend
from shopnest.mediator import MessageContext
from tickets.domain import validation as valid
from tickets.domain.errors import InvalidValue, ValidationFailed
from tickets.domain.state import Requester
from tickets.sequences import USER_IDS

_OTHER_IDENTIFIERS = ("phone", "twitter_id", "unique_external_id", "mobile")


@dataclass(frozen=True)
class FoundRequester:
    """The requester (None: no contact has the id asked for) and the appends creating them."""

    requester: Requester | None
    appends: tuple[StreamAppend, ...] = ()


def by_id(contact_id: int) -> Requester | None:
    contact = streams.load(CONTACT, contact_id).state
    return Requester(contact.id, contact.email) if contact.exists else None


def for_new_ticket(fields: Mapping[str, Any], ctx: MessageContext) -> FoundRequester:
    """Return the requester named by a new ticket's fields, creating them when they are new."""
    requester_id = fields.get("requester_id")
    if requester_id is not None:
        valid.single("requester_id", valid.optional_id, "requester_id", requester_id)
        return FoundRequester(by_id(requester_id))
    # Checked before it names a claim stream: only a valid address is ever looked up.
    email = checked_email(fields.get("email"))
    claim = streams.load(CONTACT_EMAIL, email) if email else None
    if claim is not None and claim.state is not None:
        return FoundRequester(Requester(claim.state, email))
    if not email and not any(fields.get(name) for name in _OTHER_IDENTIFIERS):
        raise ValidationFailed([InvalidValue("requester_id", valid.REQUESTER_MISSING_MESSAGE,
                                             code="missing_field")])
    if fields.get("phone") and not email and not fields.get("name"):
        raise ValidationFailed([InvalidValue("name", valid.MISSING_MESSAGE, code="missing_field")])
    return _new_contact(fields, email, claim, ctx)


def _new_contact(fields: Mapping[str, Any], email: str | None, claim: streams.Stream | None,
                 ctx: MessageContext) -> FoundRequester:
    contact = streams.new(CONTACT, allocate_id(USER_IDS))
    command = CreateContact(email=email, **{name: fields.get(name) for name in (
        "name", "phone", "mobile", "twitter_id", "unique_external_id")})
    [created] = decide_contact(contact.state, command, ctx.decision(ids={"contact": contact.key}))
    appends = [contact.append([created])]
    claims = email_claims(created)
    if claims and claim is not None:
        # At the version loaded: a released address (its owner erased) is claimed anew.
        appends.append(claim.append(claims))
    return FoundRequester(Requester(created.contact_id, created.email), tuple(appends))
