"""Contacts: the requesters of tickets, one per e-mail address.

A contact lives in its own stream. Its e-mail address is also claimed in an e-mail stream of
its own, appended in the same transaction: two contacts can then never share an address, even
when two requests create them at once, because the second append to the claim stream fails.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, ClassVar

from shopnest.messages import Command

from . import validation as valid
from .errors import ContactAlreadyExists, DuplicateContact, InvalidValue, ValidationFailed
from .events import DomainEvent

# Freshdesk creates a contact only if it can be reached or matched by one of these.
IDENTIFYING_FIELDS = ("email", "phone", "mobile", "twitter_id", "unique_external_id")


@dataclass(frozen=True)
class ContactCreated(DomainEvent):
    """A contact was created."""

    TYPE: ClassVar[str] = "ContactCreated"

    contact_id: int
    name: str
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    twitter_id: str | None = None
    unique_external_id: str | None = None


@dataclass(frozen=True)
class ContactEmailClaimed(DomainEvent):
    """An e-mail address (lower-cased) now belongs to a contact."""

    TYPE: ClassVar[str] = "ContactEmailClaimed"

    email: str
    contact_id: int


CONTACT_EVENT_TYPES: dict[str, type[DomainEvent]] = {
    cls.TYPE: cls for cls in (ContactCreated, ContactEmailClaimed)
}


def contact_event_from_data(type_name: str, data: dict[str, Any]) -> DomainEvent:
    """Rebuild a stored contact or e-mail-claim event from its type name and JSON data."""
    try:
        cls = CONTACT_EVENT_TYPES[type_name]
    except KeyError:
        raise ValueError(f"Unknown contact event type {type_name!r}") from None
    return cls.from_data(data)


@dataclass(frozen=True)
class CreateContact(Command):
    """Create a contact; without a name, the local part of the e-mail address serves."""

    contact_id: int
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    twitter_id: str | None = None
    unique_external_id: str | None = None
    actor_id: int | None = None


@dataclass(frozen=True)
class ContactState:
    """What the ticket side needs to know about a contact."""

    exists: bool = False
    id: int | None = None
    version: int = 0
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None


def normalise_email(email: str | None) -> str | None:
    """Return the address as it is compared and claimed: stripped and lower-cased."""
    if email is None:
        return None
    return email.strip().lower() or None


def decide_create_contact(
    existing_contact_exists: bool, claim_owner: int | None, cmd: CreateContact, now: str
) -> tuple[list[DomainEvent], list[DomainEvent]]:
    """Return (events for the contact stream, events for the e-mail claim stream).

    `claim_owner` is the contact that already claimed the command's e-mail address, if any.
    """
    if existing_contact_exists:
        raise ContactAlreadyExists(cmd.contact_id)
    fields = _check_contact_fields(cmd)
    if claim_owner is not None:
        raise DuplicateContact(claim_owner)
    created = ContactCreated(contact_id=cmd.contact_id, at=now, actor_id=cmd.actor_id, **fields)
    claims: list[DomainEvent] = []
    if fields["email"] is not None:
        claims.append(
            ContactEmailClaimed(
                email=fields["email"], contact_id=cmd.contact_id, at=now, actor_id=cmd.actor_id
            )
        )
    return [created], claims


def _check_contact_fields(cmd: CreateContact) -> dict[str, Any]:
    """Return the contact's fields checked and normalised, or raise ValidationFailed."""
    fields = valid.collect(
        {
            "name": partial(_name, cmd.name, cmd.email),
            "email": partial(_email, cmd.email),
            **{
                name: partial(_optional_text, name, getattr(cmd, name))
                for name in IDENTIFYING_FIELDS
                if name != "email"
            },
        }
    )
    if not any(fields[name] for name in IDENTIFYING_FIELDS):
        raise ValidationFailed(
            [
                InvalidValue(
                    "email",
                    "Please fill at least 1 of email, mobile, phone, twitter_id, "
                    "unique_external_id fields",
                    code="missing_field",
                )
            ]
        )
    return fields


def _optional_text(name: str, value: Any) -> str | None:
    text = valid.optional_string(name, value)
    if text is None or not text.strip():
        return None
    return text.strip()


def checked_email(value: Any) -> str | None:
    """Return a requester's e-mail address normalised, or raise ValidationFailed."""
    return valid.single("email", _email, value)


def _email(value: Any) -> str | None:
    email = valid.optional_string("email", value)
    email = normalise_email(email)
    if email is None:
        return None
    local, at, domain = email.partition("@")
    if not (local and at and domain) or "@" in domain or any(c.isspace() for c in email):
        raise InvalidValue("email", "It should be in the 'valid email address' format")
    return email


def _name(name: Any, email: Any) -> str:
    name = valid.optional_string("name", name)
    if name is not None and name.strip():
        return name.strip()
    if isinstance(email, str) and "@" in email:
        # Freshdesk names a contact created from a bare address after its local part.
        local = email.strip().partition("@")[0]
        if local:
            return local
    raise InvalidValue("name", valid.MISSING_MESSAGE, code="missing_field")


def fold_contact(events: Iterable[DomainEvent]) -> ContactState:
    """Return the state of a contact stream."""
    state = ContactState()
    for event in events:
        if isinstance(event, ContactCreated):
            state = ContactState(
                exists=True,
                id=event.contact_id,
                name=event.name,
                email=event.email,
                phone=event.phone,
                mobile=event.mobile,
            )
        state = replace(state, version=state.version + 1)
    return state


def email_claim_owner(events: Iterable[DomainEvent]) -> int | None:
    """Return the contact that claimed the address of a claim stream, or None if unclaimed."""
    for event in events:
        if isinstance(event, ContactEmailClaimed):
            return event.contact_id
    return None
