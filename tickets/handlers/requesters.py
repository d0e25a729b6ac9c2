"""Find or create the requester of a new ticket (FRESHDESK_API.md §2.3).

An unknown e-mail address creates a contact in its own stream, and claims the address in a
claim stream in the same append, so two requests racing with one new address end with one
contact: the loser's claim conflicts, it is re-decided, and then finds the winner's contact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from people.domain.contact_decide import decide_contact, email_claims
from people.domain.contact_fields import checked_email
from people.domain.contacts import CONTACT, CONTACT_EMAIL, CreateContact
from people.handlers.companies import company_for_email
from people.handlers.contacts import company_refs
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


def by_id(contact_id: int, read: streams.Tails | None = None) -> Requester | None:
    contact = streams.load(CONTACT, contact_id, read=read).state
    return requester_of(contact) if contact.exists else None


def requester_of(contact) -> Requester:
    main = [contact.company_id] if contact.company_id is not None else []
    return Requester(contact.id, contact.email, company_ids=tuple(
        main + [c.company_id for c in contact.other_companies if c.company_id not in main]))


def for_new_ticket(fields: Mapping[str, Any], ctx: MessageContext) -> FoundRequester:
    """Return the requester named by a new ticket's fields, creating them when they are new."""
    requester_id = fields.get("requester_id")
    if requester_id is not None:
        valid.single("requester_id", valid.optional_id, "requester_id", requester_id)
        return FoundRequester(by_id(requester_id))
    # Checked before it names a claim stream: only a valid address is ever looked up.
    email = checked_email(fields.get("email"))
    claim = None
    if email:
        # The contact the address was claimed by when this process last looked: its tail
        # is read with the claim's, in one query (a claim that moved since reads afresh).
        known = streams.remembered_state(CONTACT_EMAIL, email)
        read = streams.tails([(CONTACT_EMAIL, email)]
                             + ([(CONTACT, known)] if known is not None else []))
        claim = streams.load(CONTACT_EMAIL, email, read=read)
        if claim.state is not None:
            return FoundRequester(by_id(claim.state, read)
                                  or Requester(claim.state, email))
    elif not any(fields.get(name) for name in _OTHER_IDENTIFIERS):
        raise ValidationFailed([InvalidValue("requester_id", valid.REQUESTER_MISSING_MESSAGE,
                                             code="missing_field")])
    if fields.get("phone") and not email and not fields.get("name"):
        raise ValidationFailed([InvalidValue("name", valid.MISSING_MESSAGE, code="missing_field")])
    return _new_contact(fields, email, claim, ctx)


def _new_contact(fields: Mapping[str, Any], email: str | None, claim: streams.Stream | None,
                 ctx: MessageContext) -> FoundRequester:
    contact = streams.new(CONTACT, allocate_id(USER_IDS))
    command = CreateContact(email=email, name_from_email=True, **{name: fields.get(name) for name in (
        "name", "phone", "mobile", "twitter_id", "unique_external_id")})
    refs = {}
    domain_company = company_for_email(email) if email else None
    if domain_company is not None and company_refs([domain_company])[domain_company]:
        # A new contact whose address's domain is a company's joins it, as on POST /contacts.
        refs = {"domain_company": domain_company, "companies": {domain_company: True}}
    [created] = decide_contact(contact.state, command, ctx.decision(ids={"contact": contact.key},
                                                                    refs=refs))
    appends = [contact.append([created])]
    claims = email_claims(created)
    if claims and claim is not None:
        # At the claim's loaded version: an address given up before has a history.
        appends.append(claim.append(claims))
    company_ids = (created.company_id,) if created.company_id is not None else ()
    return FoundRequester(Requester(created.contact_id, created.email, company_ids),
                          tuple(appends))
