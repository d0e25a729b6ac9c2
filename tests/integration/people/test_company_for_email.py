"""`people.handlers.companies.company_for_email`: the company a new contact joins, read from
the domain's claim stream (no read table), so it is right the moment a company changes."""

from __future__ import annotations

from people.domain.companies import CreateCompany, DeleteCompany, UpdateCompany
from people.handlers.companies import company_for_email
from shopnest.mediator import mediator


def test_an_address_at_a_company_domain_names_that_company_at_once():
    acme = mediator.send(CreateCompany(fields={"name": "Acme", "domains": ["acme.com"]}))
    acme_id = acme.result["company"]["id"]

    assert company_for_email("Ann@Acme.COM") == acme_id
    assert company_for_email("ann@elsewhere.com") is None
    assert company_for_email("no address") is None


def test_a_domain_given_up_or_a_deleted_company_names_nobody():
    acme_id = mediator.send(CreateCompany(fields={"name": "Acme", "domains": ["acme.com"]})
                            ).result["company"]["id"]
    mediator.send(UpdateCompany(company_id=acme_id, changes={"domains": ["acme.org"]}))

    assert company_for_email("ann@acme.com") is None
    assert company_for_email("ann@acme.org") == acme_id
    mediator.send(DeleteCompany(company_id=acme_id))
    assert company_for_email("ann@acme.org") is None
