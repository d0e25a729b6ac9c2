"""What each contact command decides (plain Python): the contact's events, and the claims
its e-mail addresses take or give up.

`ctx.refs` carries what the handler looked up: `email_owners` (address → the contact that
holds its claim, None: nobody) for every address the command or the contact names, and
`companies` (company id → whether it exists) for every company the command names, and on
creation `domain_company`: the company whose domains hold the new address's domain, if any.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shopnest.domain.aggregate import ClaimReleased, DecisionContext
from shopnest.domain.data import to_data
from shopnest.domain.errors import InvalidValue, ValidationFailed

from . import contact_fields as rules
from .agents import RegisterAgent
from .contacts import (
    DETAIL_FIELDS,
    ContactAlreadyExists,
    ContactCreated,
    ContactDeleted,
    ContactEmailClaimed,
    ContactEvent,
    ContactIsDeleted,
    ContactNotFound,
    ContactRestored,
    ContactState,
    ContactUpdated,
    CreateContact,
    DeleteContact,
    DuplicateContact,
    MakeContactAgent,
    RestoreContact,
    UpdateContact,
)


def decide_contact(state: ContactState, command: CreateContact, ctx: DecisionContext
                   ) -> list[ContactEvent]:
    """Create a contact under the pre-allocated `ctx.ids["contact"]`. Without a company, it
    joins the one holding its address's domain (`ctx.refs["domain_company"]`), if any."""
    if state.exists:
        raise ContactAlreadyExists(state.id)  # type: ignore[arg-type]
    details = creation_details(command)
    domain_company = ctx.refs.get("domain_company")
    if details.get("company_id") is None and domain_company is not None:
        # A new contact whose address's domain is one of a company's domains joins it.
        details["company_id"] = domain_company
    _check_references(details, ContactState(), ctx)
    return [ContactCreated(contact_id=ctx.new_id("contact"), at=ctx.now, actor_id=ctx.actor_id,
                           **details)]


def creation_details(command: CreateContact) -> dict[str, Any]:
    """Return every detail of a new contact, checked, with defaults; or raise."""
    values = {name: getattr(command, name) for name in DETAIL_FIELDS}
    if command.name_from_email and _blank(values["name"]):
        values["name"] = _local_part(values["email"])
    details = {**rules.DEFAULTS, **{name: None for name in DETAIL_FIELDS if name not in
                                    rules.DEFAULTS}, **rules.checked(values)}
    rules.require_identifier(details)
    return _without_primary_twice(details)


def decide_update(state: ContactState, command: UpdateContact, ctx: DecisionContext
                  ) -> list[ContactEvent]:
    """Change the fields `command.changes` names; nothing moves when nothing differs."""
    _writable(state, command.contact_id)
    before = details_of(state)
    after = _without_primary_twice({**before, **rules.checked(command.changes)})
    rules.require_identifier(after)
    _check_references(after, state, ctx)
    if after == before:
        return []
    return [ContactUpdated(at=ctx.now, actor_id=ctx.actor_id, **after)]


def decide_delete(state: ContactState, command: DeleteContact, ctx: DecisionContext
                  ) -> list[ContactEvent]:
    _writable(state, command.contact_id)
    return [ContactDeleted(at=ctx.now, actor_id=ctx.actor_id)]


def decide_restore(state: ContactState, command: RestoreContact, ctx: DecisionContext
                   ) -> list[ContactEvent]:
    _existing(state, command.contact_id)
    return [ContactRestored(at=ctx.now, actor_id=ctx.actor_id)] if state.deleted else []


# What an agent's profile and a contact have in common (people/domain/agent_fields.py).
AGENT_PROFILE_DETAILS = ("phone", "mobile", "job_title", "language", "time_zone")


def agent_registration(state: ContactState, command: MakeContactAgent, api_key: str
                       ) -> RegisterAgent:
    """The RegisterAgent that makes the contact an agent: their address, their name."""
    _writable(state, command.contact_id)
    if not state.email:
        raise ValidationFailed([InvalidValue(
            "email", "The contact needs an e-mail address to become an agent",
            code="missing_field")])
    # The agent keeps the contact's own details, unless the command says otherwise.
    kept = {name: getattr(state, name) for name in AGENT_PROFILE_DETAILS
            if getattr(state, name) is not None}
    return RegisterAgent(email=state.email, name=state.name, api_key=api_key,
                         profile={**kept, **command.profile})


def details_of(state: ContactState) -> dict[str, Any]:
    """The contact's details as events hold them (lists and plain dicts)."""
    data = to_data(state)
    return {name: data[name] for name in DETAIL_FIELDS}


# -- claims ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ClaimChanges:
    """What a decision does to address claims: new claims, and addresses given up."""

    claimed: tuple[ContactEmailClaimed, ...] = ()
    released: tuple[tuple[str, ClaimReleased], ...] = ()


def claim_changes(before: ContactState, after: ContactState, owners: Mapping[str, int | None],
                  *, at: str, actor_id: int | None) -> ClaimChanges:
    """Claim every address `after` holds and `before` did not; release every address
    `before` held (its claim is the contact's) and `after` does not."""
    kept = set(after.addresses)
    return ClaimChanges(
        claimed=tuple(ContactEmailClaimed(email=a, contact_id=after.id, at=at,  # type: ignore[arg-type]
                                          actor_id=actor_id)
                      for a in after.addresses if a not in before.addresses),
        released=tuple((a, ClaimReleased(at=at, actor_id=actor_id)) for a in before.addresses
                       if a not in kept and owners.get(a) == before.id))


def email_claims(created: ContactCreated) -> list[ContactEmailClaimed]:
    """The claims a new contact makes on its addresses (none without an address)."""
    addresses = rules.addresses({"email": created.email, "other_emails": created.other_emails})
    return [ContactEmailClaimed(email=a, contact_id=created.contact_id, at=created.at,
                                actor_id=created.actor_id) for a in addresses]


# -- rules shared by the commands -------------------------------------------------------------

def _existing(state: ContactState, contact_id: int) -> None:
    if not state.exists:
        raise ContactNotFound(f"Contact {contact_id} not found")


def _writable(state: ContactState, contact_id: int) -> None:
    _existing(state, contact_id)
    if state.deleted:
        raise ContactIsDeleted()


def _check_references(details: Mapping[str, Any], before: ContactState,
                      ctx: DecisionContext) -> None:
    """Every new address is free or already the contact's; every new company exists."""
    owners = ctx.refs.get("email_owners") or {}
    for address in rules.addresses(details):
        owner = owners.get(address)
        if address not in before.addresses and owner is not None and owner != before.id:
            field = "email" if address == details.get("email") else "other_emails"
            raise DuplicateContact(owner, field)
    known = ctx.refs.get("companies") or {}
    old = set(rules.company_ids(details_of(before))) if before.exists else set()
    missing = [i for i in rules.company_ids(details) if i not in old and not known.get(i)]
    if missing:
        field = "company_id" if missing[0] == details.get("company_id") else "other_companies"
        raise ValidationFailed([InvalidValue(field, rules.NO_COMPANY_MESSAGE)])


def _without_primary_twice(details: dict[str, Any]) -> dict[str, Any]:
    """The primary address is not also one of the others."""
    others = [a for a in details["other_emails"] if a != details["email"]]
    return {**details, "other_emails": others}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _local_part(email: Any) -> Any:
    # Freshdesk names a contact created from a bare address after its local part.
    if isinstance(email, str) and "@" in email:
        return email.strip().partition("@")[0] or None
    return None
