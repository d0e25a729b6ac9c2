"""Contacts: the requesters of tickets, one per e-mail address.

A contact lives in its own stream. Its e-mail address is also claimed in a claim stream of
its own, appended in the same transaction: two contacts can then never share an address, even
when two requests create them at once, because the second append to the claim stream fails.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial, singledispatch
from typing import Any, ClassVar

from shopnest.domain import checks as valid
from shopnest.domain.aggregate import Aggregate, DecisionContext, unique_claim
from shopnest.domain.errors import AlreadyExists, InvalidValue, ValidationFailed
from shopnest.domain.events import DomainEvent
from shopnest.messages import Command

# Freshdesk creates a contact only if it can be reached or matched by one of these.
IDENTIFYING_FIELDS = ("email", "phone", "mobile", "twitter_id", "unique_external_id")


class ContactAlreadyExists(AlreadyExists):
    """CreateContact was decided for an id whose stream already has events."""

    def __init__(self, contact_id: int) -> None:
        self.contact_id = contact_id
        super().__init__()


class DuplicateContact(AlreadyExists):
    """Another contact already owns this e-mail address.

    `additional_info.user_id` names the owner: integrations parse it to upsert.
    """

    field = "email"

    def __init__(self, existing_id: int) -> None:
        self.existing_id = existing_id
        self.additional_info = {"user_id": existing_id}
        super().__init__()


# What a contact is and wrote: sealed under the contact's own key in every event that holds
# it, so erasing the contact (destroying the key) erases it from the history
# (docs/erasure.md). A new contact event lists its fields of these in PERSONAL.
CONTACT_PERSONAL_FIELDS = (
    "name", "email", "phone", "mobile", "twitter_id", "unique_external_id", "other_emails",
    "address", "description", "job_title", "custom_fields",
)


@dataclass(frozen=True)
class ContactEvent(DomainEvent):
    """The family of events a contact stream holds. The stream is the contact's own
    (CONTACT.person_kind): what an event lists in PERSONAL is sealed under the contact."""

    PERSON_KIND: ClassVar[str] = "contact"


@dataclass(frozen=True)
class ContactCreated(ContactEvent):
    """A contact was created."""

    TYPE: ClassVar[str] = "ContactCreated"
    PERSONAL: ClassVar[tuple[str, ...]] = (
        "name", "email", "phone", "mobile", "twitter_id", "unique_external_id")
    PERSON: ClassVar[str] = "contact_id"

    contact_id: int
    name: str
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    twitter_id: str | None = None
    unique_external_id: str | None = None


@dataclass(frozen=True)
class ContactErased(ContactEvent):
    """The contact was erased (hard deleted): their data key is destroyed, so every sealed
    field of theirs reads as erased, and the contact no longer exists."""

    TYPE: ClassVar[str] = "ContactErased"

    contact_id: int


@dataclass(frozen=True)
class ContactEmailClaimed(DomainEvent):
    """An e-mail address (lower-cased) now belongs to a contact (the claim stream's event).

    The stream is named by a keyed hash of the address; the address itself is sealed here as
    the contact's personal data."""

    TYPE: ClassVar[str] = "ContactEmailClaimed"
    PERSONAL: ClassVar[tuple[str, ...]] = ("email",)
    PERSON: ClassVar[str] = "contact_id"
    PERSON_KIND: ClassVar[str] = "contact"

    email: str
    contact_id: int


@dataclass(frozen=True)
class CreateContact(Command):
    """Create a contact; without a name, the local part of the e-mail address serves."""

    name: Any = None
    email: Any = None
    phone: Any = None
    mobile: Any = None
    twitter_id: Any = None
    unique_external_id: Any = None


@dataclass(frozen=True)
class ContactState:
    """A contact as its stream tells it."""

    exists: bool = False
    id: int | None = None
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    twitter_id: str | None = None
    unique_external_id: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


def evolve_contact(state: ContactState, event: ContactEvent) -> ContactState:
    return replace(_apply(event, state), updated_at=event.at)


@singledispatch
def _apply(event: ContactEvent, state: ContactState) -> ContactState:
    raise TypeError(f"A contact cannot fold {type(event).__name__}")


@_apply.register
def _created(event: ContactCreated, state: ContactState) -> ContactState:
    values = {k: v for k, v in event.to_data().items() if k not in ("contact_id", "at", "actor_id")}
    return replace(state, exists=True, id=event.contact_id, created_at=event.at, **values)


@_apply.register
def _erased(event: ContactErased, state: ContactState) -> ContactState:
    # Nothing of the person is kept, only the id (never given to anyone else).
    return ContactState(id=event.contact_id)


CONTACT = Aggregate("contact", ContactState(), evolve_contact, ContactEvent,
                    person_kind="contact")
CONTACT_EMAIL = unique_claim("contact-email", ContactEmailClaimed, owner="contact_id")


def decide_contact(state: ContactState, command: CreateContact, ctx: DecisionContext
                   ) -> list[ContactEvent]:
    """Create a contact under the pre-allocated contact id; `ctx.refs["email_owner"]` is the
    contact that already claimed the address, if any."""
    if state.exists:
        raise ContactAlreadyExists(state.id)  # type: ignore[arg-type]
    fields = _check_contact_fields(command)
    owner = ctx.refs.get("email_owner")
    if owner is not None:
        raise DuplicateContact(owner)
    return [ContactCreated(contact_id=ctx.new_id("contact"), at=ctx.now, actor_id=ctx.actor_id,
                           **fields)]


def email_claims(created: ContactCreated) -> list[ContactEmailClaimed]:
    """The claim a new contact makes on its e-mail address (none without an address)."""
    if created.email is None:
        return []
    return [ContactEmailClaimed(email=created.email, contact_id=created.contact_id,
                                at=created.at, actor_id=created.actor_id)]


def normalise_email(email: str | None) -> str | None:
    """Return the address as it is compared and claimed: stripped and lower-cased."""
    if email is None:
        return None
    return email.strip().lower() or None


def checked_email(value: Any) -> str | None:
    """Return a requester's e-mail address normalised, or raise ValidationFailed."""
    return valid.single("email", _email, value)


def _check_contact_fields(cmd: CreateContact) -> dict[str, Any]:
    """Return the contact's fields checked and normalised, or raise ValidationFailed."""
    fields = valid.collect({
        "name": partial(_name, cmd.name, cmd.email),
        "email": partial(_email, cmd.email),
        **{name: partial(_optional_text, name, getattr(cmd, name))
           for name in IDENTIFYING_FIELDS if name != "email"},
    })
    if not any(fields[name] for name in IDENTIFYING_FIELDS):
        raise ValidationFailed([InvalidValue(
            "email",
            "Please fill at least 1 of email, mobile, phone, twitter_id, unique_external_id fields",
            code="missing_field",
        )])
    return fields


def _optional_text(name: str, value: Any) -> str | None:
    text = valid.optional_string(name, value)
    if text is None or not text.strip():
        return None
    return text.strip()


def _email(value: Any) -> str | None:
    email = normalise_email(valid.optional_string("email", value))
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
