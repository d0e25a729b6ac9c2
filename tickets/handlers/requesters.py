"""Find or create the requester of a new ticket (FRESHDESK_API.md §2.3).

An unknown e-mail address creates a contact in its own stream, and claims the address in a
claim stream in the same append, so two requests racing with one new address end with one
contact: the loser's claim conflicts, it is re-decided, and then finds the winner's contact.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shopnest.eventstore.ids import allocate_id
from shopnest.eventstore.records import StreamAppend
from tickets import repository
from tickets.commands import RequesterRef
from tickets.domain import validation as valid
from tickets.domain.contacts import CreateContact, checked_email, decide_create_contact
from tickets.domain.errors import InvalidValue, ValidationFailed
from tickets.streams import CONTACT_ID_SEQUENCE

IDENTIFIERS = ("requester_id", "email", "phone", "twitter_id", "unique_external_id")


@dataclass(frozen=True)
class ResolvedRequester:
    contact_id: int
    email: str | None
    appends: tuple[StreamAppend, ...] = field(default=())


def _missing() -> ValidationFailed:
    return ValidationFailed([InvalidValue(
        "requester_id",
        "Please fill at least 1 of requester_id, email, phone, twitter_id, unique_external_id "
        "fields",
        code="missing_field",
    )])


def resolve(ref: RequesterRef, *, actor_id: int | None, now: str) -> ResolvedRequester:
    """Return the requester's contact id, with the appends that create it when it is new."""
    if ref.requester_id is not None:
        valid.single("requester_id", valid.optional_id, "requester_id", ref.requester_id)
        contact = repository.load_contact(ref.requester_id)
        if not contact.exists:
            raise ValidationFailed([InvalidValue(
                "requester_id", "There is no contact matching the given requester_id")])
        return ResolvedRequester(contact.id, contact.email)
    # Checked before it names a claim stream: only a valid address is ever looked up.
    email = checked_email(ref.email)
    if email:
        owner = repository.email_owner(email)
        if owner is not None:
            return ResolvedRequester(owner, email)
    elif not any((ref.phone, ref.twitter_id, ref.unique_external_id, ref.mobile)):
        raise _missing()
    if ref.phone and not email and not ref.name:
        raise ValidationFailed([InvalidValue("name", "Mandatory attribute missing",
                                             code="missing_field")])
    return _create_contact(ref, email, actor_id=actor_id, now=now)


def _create_contact(ref: RequesterRef, email, *, actor_id: int | None, now: str) -> ResolvedRequester:
    contact_id = allocate_id(CONTACT_ID_SEQUENCE)
    command = CreateContact(
        contact_id=contact_id, name=ref.name, email=email, phone=ref.phone, mobile=ref.mobile,
        twitter_id=ref.twitter_id, unique_external_id=ref.unique_external_id, actor_id=actor_id,
    )
    contact_events, claim_events = decide_create_contact(False, None, command, now)
    appends = [repository.contact_append(contact_id, contact_events)]
    if claim_events:
        appends.append(repository.claim_append(claim_events[0].email, claim_events))
    return ResolvedRequester(contact_id, contact_events[0].email, tuple(appends))
