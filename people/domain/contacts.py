"""Contacts as an aggregate: events, state, evolve and the commands that change them.

A contact lives in its own stream. Each of its e-mail addresses (`email` and every one of
`other_emails`) is also claimed in a claim stream of its own, appended in the same
transaction: no two contacts ever share an address, even when two requests create them at
once, because the second append to the claim stream fails. Changing or removing an address
releases its claim (ClaimReleased). What is decided lives in people/domain/contact_decide.py,
the field rules in people/domain/contact_fields.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from functools import singledispatch
from typing import Any, ClassVar

from shopnest.domain.aggregate import Aggregate, unique_claim
from shopnest.domain.errors import AlreadyExists, NotAllowed, NotFound
from shopnest.domain.events import DomainEvent
from shopnest.messages import Command

# Freshdesk creates a contact only if it can be reached or matched by one of these.
IDENTIFYING_FIELDS = ("email", "phone", "mobile", "twitter_id", "unique_external_id")


# -- errors ---------------------------------------------------------------------------------

class ContactAlreadyExists(AlreadyExists):
    """CreateContact was decided for an id whose stream already has events."""

    def __init__(self, contact_id: int) -> None:
        self.contact_id = contact_id
        super().__init__()


class DuplicateContact(AlreadyExists):
    """Another contact already owns this e-mail address (as `email` or in `other_emails`).

    `additional_info.user_id` names the owner: integrations parse it to upsert.
    """

    def __init__(self, existing_id: int, field: str = "email") -> None:
        self.existing_id = existing_id
        self.field = field
        self.additional_info = {"user_id": existing_id}
        super().__init__()


class ContactNotFound(NotFound):
    pass


class ContactIsDeleted(NotAllowed):
    """A deleted contact is read-only until it is restored (Freshdesk answers 405)."""

    message = "This contact has been deleted; restore it before changing it"


# -- commands -------------------------------------------------------------------------------

@dataclass(frozen=True)
class CreateContact(Command):
    """Create a contact. `name_from_email`: without a name, the local part of the address
    serves (a ticket's new requester); the contacts API insists on a name."""

    name: Any = None
    email: Any = None
    other_emails: Any = None
    phone: Any = None
    mobile: Any = None
    twitter_id: Any = None
    unique_external_id: Any = None
    address: Any = None
    description: Any = None
    job_title: Any = None
    language: Any = None
    time_zone: Any = None
    company_id: Any = None
    view_all_tickets: Any = None
    other_companies: Any = None
    tags: Any = None
    custom_fields: Any = None
    name_from_email: bool = False


@dataclass(frozen=True)
class UpdateContact(Command):
    """Change some of a contact's fields (`changes`: field name → new value)."""

    contact_id: int
    changes: Mapping[str, Any]


@dataclass(frozen=True)
class DeleteContact(Command):
    """Soft-delete a contact: it leaves the lists and is read-only until restored."""

    contact_id: int


@dataclass(frozen=True)
class RestoreContact(Command):
    contact_id: int


@dataclass(frozen=True)
class MakeContactAgent(Command):
    """Register an agent with the contact's e-mail address and name (RegisterAgent; the
    handler generates the agent's API key). `profile`: the agent's profile fields
    (people/domain/agent_fields.py PROFILE_FIELDS), as POST /agents takes them."""

    contact_id: int
    profile: Mapping[str, Any] = field(default_factory=dict)


# -- events ---------------------------------------------------------------------------------

# What a contact is and wrote: sealed under the contact's own key in every event that holds
# it, so erasing the contact (destroying the key) erases it from the history
# (docs/erasure.md). A contact event carrying any of these lists them in PERSONAL.
CONTACT_PERSONAL_FIELDS = (
    "name", "email", "phone", "mobile", "twitter_id", "unique_external_id", "other_emails",
    "address", "description", "job_title", "custom_fields",
)


@dataclass(frozen=True)
class ContactEvent(DomainEvent):
    """The family of events a contact stream holds. The stream is the contact's own
    (CONTACT.person_kind): what an event lists in PERSONAL is sealed under the contact."""

    PERSON_KIND: ClassVar[str] = "contact"


def _v1_details(data: dict[str, Any]) -> dict[str, Any]:
    """v1 held the identifying fields only; every later field takes its default."""
    return {"other_emails": [], "address": None, "description": None, "job_title": None,
            "language": "en", "time_zone": None, "company_id": None, "view_all_tickets": False,
            "other_companies": [], "tags": [], "custom_fields": {}, **data}


@dataclass(frozen=True, kw_only=True)
class ContactDetailsEvent(ContactEvent):
    """The family of events that carry every detail of a contact as it now stands (a family
    base: no TYPE of its own). Its fields are the contact's, listed once."""

    name: str
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    twitter_id: str | None = None
    unique_external_id: str | None = None
    other_emails: list[str] = field(default_factory=list)
    address: str | None = None
    description: str | None = None
    job_title: str | None = None
    language: str = "en"
    time_zone: str | None = None
    company_id: int | None = None
    view_all_tickets: bool = False
    # [{"company_id": int, "view_all_tickets": bool}, ...]
    other_companies: list[dict[str, Any]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    custom_fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class ContactCreated(ContactDetailsEvent):
    """A contact was created with these details (personal fields are plain fields)."""

    TYPE: ClassVar[str] = "ContactCreated"
    PERSONAL: ClassVar[tuple[str, ...]] = CONTACT_PERSONAL_FIELDS
    PERSON: ClassVar[str] = "contact_id"
    SCHEMA_VERSION: ClassVar[int] = 2
    UPCASTERS: ClassVar[Mapping[int, Any]] = {1: _v1_details}

    contact_id: int


@dataclass(frozen=True, kw_only=True)
class ContactUpdated(ContactDetailsEvent):
    """A contact's details after an update: every editable field as it now stands."""

    TYPE: ClassVar[str] = "ContactUpdated"
    PERSONAL: ClassVar[tuple[str, ...]] = CONTACT_PERSONAL_FIELDS  # the stream's contact's


@dataclass(frozen=True)
class ContactDeleted(ContactEvent):
    TYPE: ClassVar[str] = "ContactDeleted"


@dataclass(frozen=True)
class ContactRestored(ContactEvent):
    TYPE: ClassVar[str] = "ContactRestored"


@dataclass(frozen=True)
class ContactErased(ContactEvent):
    """The contact was erased (hard deleted): their data key is destroyed, so every sealed
    field of theirs reads as erased, and the contact no longer exists."""

    TYPE: ClassVar[str] = "ContactErased"
    REDACTS: ClassVar[bool] = True

    contact_id: int


@dataclass(frozen=True)
class ContactEmailClaimed(DomainEvent):
    """An e-mail address (lower-cased) now belongs to a contact (the claim stream's event)."""

    TYPE: ClassVar[str] = "ContactEmailClaimed"
    # The stream is named by a keyed hash of the address; the address is sealed here.
    PERSONAL: ClassVar[tuple[str, ...]] = ("email",)
    PERSON: ClassVar[str] = "contact_id"
    PERSON_KIND: ClassVar[str] = "contact"

    email: str
    contact_id: int


# -- state ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class OtherCompany:
    """A further company the contact belongs to."""

    company_id: int
    view_all_tickets: bool = False


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
    other_emails: tuple[str, ...] = ()
    address: str | None = None
    description: str | None = None
    job_title: str | None = None
    language: str = "en"
    time_zone: str | None = None
    company_id: int | None = None
    view_all_tickets: bool = False
    other_companies: tuple[OtherCompany, ...] = ()
    tags: tuple[str, ...] = ()
    custom_fields: Mapping[str, Any] = field(default_factory=dict)
    # Verified contacts are active; this desk sends no verification mail yet.
    active: bool = False
    deleted: bool = False
    created_at: str | None = None
    updated_at: str | None = None

    @property
    def addresses(self) -> tuple[str, ...]:
        """Every address the contact holds a claim on: `email` first, then `other_emails`."""
        return ((self.email,) if self.email else ()) + self.other_emails


# The editable details of a contact, as ContactCreated and ContactUpdated hold them.
DETAIL_FIELDS = tuple(f.name for f in fields(ContactUpdated) if f.name not in ("at", "actor_id"))


def evolve_contact(state: ContactState, event: ContactEvent) -> ContactState:
    return replace(_apply(event, state), updated_at=event.at)


@singledispatch
def _apply(event: ContactEvent, state: ContactState) -> ContactState:
    raise TypeError(f"A contact cannot fold {type(event).__name__}")


def _with_details(state: ContactState, event: ContactCreated | ContactUpdated) -> ContactState:
    data = {name: getattr(event, name) for name in DETAIL_FIELDS}
    data.update(other_emails=tuple(data["other_emails"]), tags=tuple(data["tags"]),
                other_companies=tuple(OtherCompany(**c) for c in data["other_companies"]),
                custom_fields=dict(data["custom_fields"]))
    return replace(state, **data)


@_apply.register
def _created(event: ContactCreated, state: ContactState) -> ContactState:
    return replace(_with_details(state, event), exists=True, id=event.contact_id,
                   created_at=event.at)


@_apply.register
def _updated(event: ContactUpdated, state: ContactState) -> ContactState:
    return _with_details(state, event)


@_apply.register
def _deleted(event: ContactDeleted, state: ContactState) -> ContactState:
    return replace(state, deleted=True)


@_apply.register
def _restored(event: ContactRestored, state: ContactState) -> ContactState:
    return replace(state, deleted=False)


@_apply.register
def _erased(event: ContactErased, state: ContactState) -> ContactState:
    # Nothing of the person is kept, only the id (never given to anyone else).
    return ContactState(id=event.contact_id)


CONTACT = Aggregate("contact", ContactState(), evolve_contact, ContactEvent,
                    person_kind="contact")
CONTACT_EMAIL = unique_claim("contact-email", ContactEmailClaimed, owner="contact_id")
