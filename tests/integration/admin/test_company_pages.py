"""The company pages of the back office: any agent looks, admins change companies, and
every change is a command (events in the company's stream), never a row saved by hand."""

from __future__ import annotations

import pytest

from people.domain.companies import COMPANY_DOMAIN, COMPANY_NAME, CreateCompany
from shopnest.eventstore.store import read_stream
from shopnest.mediator import mediator
from shopnest.projections import consistency, registry, runner
from tests.integration.admin.helpers import _until, logged_in, make_agent, table_rows

LIST = "/admin/people/companyview/"


def page(company_id: int) -> str:
    return f"{LIST}{company_id}/change/"


def company(name: str, **fields) -> int:
    """Create a company through the mediator and wait until its row is projected."""
    outcome = mediator.send(CreateCompany(fields={"name": name, **fields}))
    _projected(outcome.token)
    return outcome.result["company"]["id"]


def _projected(token) -> None:
    def done():
        runner.run_until_caught_up(registry.get("companies"))
        return consistency.has_reached(("companies",), token)
    _until(done)


def events(company_id: int) -> list[str]:
    return [e.type for e in read_stream(f"company-{company_id}")]


@pytest.fixture
def boss():
    return make_agent("Bea Boss", admin=True)


def test_the_list_searches_by_name_and_by_domain(boss):
    company("Acme", domains=["acme.com"])
    company("Beta", domains=["beta.org"])
    client = logged_in(boss)

    by_name = table_rows(client.get(LIST, {"q": "acm"}).content.decode())
    by_domain = table_rows(client.get(LIST, {"q": "BETA.org"}).content.decode())

    assert [r["name"] for r in by_name] == ["Acme"]
    assert [r["name"] for r in by_domain] == ["Beta"]
    assert len(table_rows(client.get(LIST).content.decode())) == 2


def test_the_company_page_shows_the_company_to_any_agent_without_the_forms():
    acme = company("Acme", domains=["acme.com"], note="Pays late", custom_fields={"tier": "gold"})
    response = logged_in(make_agent("Ann Agent")).get(page(acme))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Acme" in html and "acme.com" in html and "Pays late" in html and "tier: gold" in html
    assert 'id="company-form"' not in html


def test_an_agent_who_is_not_an_admin_cannot_change_companies():
    acme = company("Acme")
    client = logged_in(make_agent("Ann Agent"))

    assert client.post(page(acme), {"action": "delete"}).status_code == 403
    assert client.get(f"{LIST}add/").status_code == 403
    assert events(acme) == ["CompanyCreated"]


def test_an_admin_creates_a_company_with_the_new_company_form(boss):
    client = logged_in(boss)
    assert client.get(f"{LIST}add/").status_code == 200

    response = client.post(f"{LIST}add/", {"name": "Acme", "domains": "Acme.com, acme.org",
                                           "renewal_date": "2025-12-31"}, follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Company Acme created." in html and "acme.org" in html
    assert [e.type for e in read_stream(COMPANY_NAME.stream_id("acme"))] == ["CompanyNameClaimed"]
    assert [e.type for e in read_stream(COMPANY_DOMAIN.stream_id("acme.org"))] == ["CompanyDomainClaimed"]


def test_an_admin_edits_and_deletes_a_company_by_command(boss):
    acme = company("Acme", domains=["acme.com"])
    client = logged_in(boss)

    edited = client.post(page(acme), {"action": "update", "name": "Acme", "domains": "acme.com",
                                      "note": "VIP"}, follow=True)
    deleted = client.post(page(acme), {"action": "delete"}, follow=True)

    assert "Company updated." in edited.content.decode()
    assert "Company Acme deleted." in deleted.content.decode()
    assert events(acme) == ["CompanyCreated", "CompanyUpdated", "CompanyDeleted"]
    assert client.get(page(acme)).status_code == 404


def test_a_taken_name_is_shown_as_a_refusal_and_changes_nothing(boss):
    company("Acme")
    beta = company("Beta")
    client = logged_in(boss)

    response = client.post(page(beta), {"action": "update", "name": "ACME"}, follow=True)

    assert "It should be a unique value" in response.content.decode()
    assert events(beta) == ["CompanyCreated"]
