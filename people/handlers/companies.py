"""Command handlers of companies: load the company and the claims its name and domains
name, decide, and append the company's events with every claim taken up or given up."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from people.domain.companies import (
    COMPANY,
    COMPANY_DOMAIN,
    COMPANY_NAME,
    CreateCompany,
    DeleteCompany,
    UpdateCompany,
    claim_events,
    claim_keys,
    company_for_email_domain,
    decide_company,
    email_domain,
)
from shopnest.domain.data import to_data
from shopnest.eventstore import streams
from shopnest.eventstore.ids import allocate_id
from shopnest.mediator import Decision, MessageContext

COMPANY_IDS = "people_company_id_seq"


def company_result(company: streams.Stream) -> dict:
    return {"company": to_data(company.state), "version": company.version}


def create_company(command: CreateCompany, ctx: MessageContext) -> Decision:
    return _decide(streams.new(COMPANY, allocate_id(COMPANY_IDS)), command, command.fields, ctx)


def update_company(command: UpdateCompany, ctx: MessageContext) -> Decision:
    return _decide(streams.load(COMPANY, command.company_id), command, command.changes, ctx)


def delete_company(command: DeleteCompany, ctx: MessageContext) -> Decision:
    return _decide(streams.load(COMPANY, command.company_id), command, {}, ctx)


def _decide(company: streams.Stream, command: Any, sent: Mapping[str, Any],
            ctx: MessageContext) -> Decision:
    name, domains = claim_keys(sent)
    claims: dict[tuple[str, str], streams.Stream] = {}

    def claim(aggregate, key: str) -> streams.Stream:
        if (aggregate.stream_type, key) not in claims:
            claims[aggregate.stream_type, key] = streams.load(aggregate, key)
        return claims[aggregate.stream_type, key]

    decision = ctx.decision(ids={"company": company.key}, refs={
        "name_owner": claim(COMPANY_NAME, name).state if name is not None else None,
        "domain_owners": {domain: claim(COMPANY_DOMAIN, domain).state for domain in domains},
    })
    events = decide_company(company.state, command, decision)
    after = company.then(events)
    also = [claim(aggregate, key).append([event])
            for aggregate, key, event in claim_events(company.state, after.state, decision)]
    return company.decided(events, company_result, also=also)


def company_for_email(email: Any) -> int | None:
    """Return the id of the company holding the domain of `email` (None: no company does).

    Read from the domain's claim stream, not a read table, so a contact created right after
    the company joins it. For contacts: "a new contact whose e-mail domain matches a
    company's domains joins that company".
    """
    domain = email_domain(email)
    if domain is None:
        return None
    return company_for_email_domain(email, {domain: streams.load(COMPANY_DOMAIN, domain).state})
