"""Command handlers of contacts: check the addresses, load their claims and the companies
named, decide, append the contact and its claims in one Decision.

Two requests that race for one address both load its claim at the same version; the
second append conflicts, the mediator re-decides it (holding the claim's lock), and the
decision then sees the owner and refuses with DuplicateContact (409 with the owner's id).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from people.domain import contact_fields as rules
from people.domain.companies import COMPANY
from people.domain.contact_decide import (
    agent_registration,
    claim_changes,
    decide_contact,
    decide_delete,
    decide_restore,
    decide_update,
)
from people.domain.contacts import (
    CONTACT,
    CONTACT_EMAIL,
    CreateContact,
    DeleteContact,
    MakeContactAgent,
    RestoreContact,
    UpdateContact,
)
from people.handlers import agents
from people.handlers.companies import company_for_email
from shopnest.api.keys import new_api_key
from shopnest.domain import checks
from shopnest.domain.data import to_data
from shopnest.domain.errors import InvalidValue, ValidationFailed
from shopnest.eventstore import streams
from shopnest.eventstore.ids import allocate_id
from shopnest.mediator import Decision, MessageContext

# Contacts and agents are both users and share one id space (Freshdesk's `user_id` may name
# either): contacts draw from the user table's sequence, as agents do.
CONTACT_IDS = agents.AGENT_IDS


def contact_result(contact: streams.Stream) -> dict:
    return {"contact": to_data(contact.state), "version": contact.version}


def company_refs(ids: Iterable[int]) -> dict[int, bool]:
    """Whether each company exists and was not deleted, as its stream says."""
    return {i: streams.load(COMPANY, i).state.live for i in set(ids)}


def create_contact(command: CreateContact, ctx: MessageContext) -> Decision:
    requested = _requested(command.email, command.other_emails)
    claims = _claims(requested)
    contact = streams.new(CONTACT, allocate_id(CONTACT_IDS))
    refs = _refs(claims, command.company_id, command.other_companies)
    primary = _checked_or_none(rules.email, command.email)  # invalid: decide refuses it
    if primary:
        domain_company = company_for_email(primary)
        if domain_company is not None:
            refs["domain_company"] = domain_company
            refs["companies"] = {**refs["companies"], **company_refs([domain_company])}
    events = decide_contact(contact.state, command, ctx.decision(ids={"contact": contact.key},
                                                                 refs=refs))
    return _decided(contact, events, claims, ctx)


def update_contact(command: UpdateContact, ctx: MessageContext) -> Decision:
    contact = streams.load(CONTACT, command.contact_id)
    changes = command.changes
    requested = _requested(changes.get("email"), changes.get("other_emails"))
    claims = _claims([*contact.state.addresses, *requested])
    events = decide_update(contact.state, command, ctx.decision(refs=_refs(
        claims, changes.get("company_id"), changes.get("other_companies"))))
    return _decided(contact, events, claims, ctx)


def change_contact(command: DeleteContact | RestoreContact, ctx: MessageContext) -> Decision:
    """Delete or restore: decided against the contact's stream alone (claims stay held)."""
    contact = streams.load(CONTACT, command.contact_id)
    decide = decide_delete if isinstance(command, DeleteContact) else decide_restore
    return contact.decided(decide(contact.state, command, ctx.decision()), contact_result)


def make_agent(command: MakeContactAgent, ctx: MessageContext) -> Decision:
    """Register an agent with the contact's address and name, through RegisterAgent's own
    handler; the answer holds the contact and the agent's state (`agent`)."""
    contact = streams.load(CONTACT, command.contact_id)
    # The key is generated here and never shown, as POST /agents does.
    registered = agents.register_agent(
        agent_registration(contact.state, command, new_api_key()), ctx)
    return replace(registered, result={**registered.result, **contact_result(contact)})


def _requested(email: Any, other_emails: Any) -> list[str]:
    """The addresses a command names, checked first: only a valid address names a stream.
    Invalid ones name none; decide refuses them (after a missing or deleted contact)."""
    try:
        found = checks.collect({"email": lambda: rules.email(email),
                                "other_emails": lambda: rules.other_emails(other_emails)})
    except ValidationFailed:
        return []
    return rules.addresses(found)


def _checked_or_none(check, value: Any) -> Any:
    try:
        return check(value)
    except InvalidValue:
        return None


def _claims(addresses: Iterable[str]) -> dict[str, streams.Stream]:
    return {a: streams.load(CONTACT_EMAIL, a) for a in dict.fromkeys(addresses)}


def _refs(claims: Mapping[str, streams.Stream], company_id: Any, others: Any) -> dict:
    ids = [company_id] if checks.is_id(company_id) else []
    if isinstance(others, list | tuple):
        ids += [c.get("company_id") for c in others if isinstance(c, Mapping)
                and checks.is_id(c.get("company_id"))]
    return {"email_owners": {a: c.state for a, c in claims.items()},
            "companies": company_refs(ids)}


def _decided(contact: streams.Stream, events, claims: Mapping[str, streams.Stream],
             ctx: MessageContext) -> Decision:
    after = contact.then(events)
    changes = claim_changes(contact.state, after.state, {a: c.state for a, c in claims.items()},
                            at=ctx.now_iso, actor_id=ctx.actor_id)
    also = [claims[claim.email].append([claim]) for claim in changes.claimed]
    also += [claims[address].append([released]) for address, released in changes.released]
    return contact.decided(events, contact_result, also=also)
