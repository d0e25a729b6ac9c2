"""A ticket's company is a real company of the desk, and include=company shows its name."""

from __future__ import annotations

from .conftest import Api, error_codes, new_ticket_body
from .test_agents import make_admin


def _company(admin: Api, name: str, domain: str | None = None) -> int:
    response = admin.post("companies", {"name": name, "domains": [domain] if domain else []})
    assert response.status_code == 201, response.content
    # The admin's own read waits for the read table: the name is then there for any agent.
    assert admin.get(f"companies/{response.json()['id']}").status_code == 200
    return response.json()["id"]


def test_a_ticket_for_an_unknown_or_deleted_company_is_a_400(api, create_ticket):
    admin = Api(make_admin().key)
    gone = _company(admin, "Gone Ltd")
    assert admin.delete(f"companies/{gone}").status_code == 204
    ticket = create_ticket()

    answers = [api.post("tickets", new_ticket_body(company_id=999999)),
               api.post("tickets", new_ticket_body(company_id=gone)),
               api.put(f"tickets/{ticket['id']}", {"company_id": 999999})]

    assert [r.status_code for r in answers] == [400, 400, 400]
    assert all(error_codes(r) == [("company_id", "invalid_value")] for r in answers)
    assert api.get(f"tickets/{ticket['id']}").json()["company_id"] is None


def test_include_company_names_the_company_as_it_is_now(api, create_ticket):
    admin = Api(make_admin().key)
    acme = _company(admin, "Acme", "acme.example")
    ticket = create_ticket(email="wile@acme.example", company_id=acme)
    assert admin.put(f"companies/{acme}", {"name": "Acme Rockets"}).status_code == 200
    assert admin.get(f"companies/{acme}").json()["name"] == "Acme Rockets"

    shown = api.get(f"tickets/{ticket['id']}", {"include": "company"}).json()
    listed = api.get("tickets", {"include": "company"}).json()

    assert shown["company"] == {"id": acme, "name": "Acme Rockets"}
    assert [t["company"] for t in listed] == [{"id": acme, "name": "Acme Rockets"}]


def test_a_ticket_moves_to_another_company_of_the_desk(api, create_ticket):
    admin = Api(make_admin().key)
    first, second = _company(admin, "First", "first.example"), _company(admin, "Second")
    ticket = create_ticket(email="pat@first.example")
    assert ticket["company_id"] == first  # the requester's company, found by their domain
    contact = ticket["requester_id"]
    assert admin.put(f"contacts/{contact}", {
        "other_companies": [{"company_id": second}]}).status_code == 200

    moved = api.put(f"tickets/{ticket['id']}", {"company_id": second})

    assert moved.status_code == 200, moved.content
    assert moved.json()["company_id"] == second


def test_a_ticket_is_only_ever_for_one_of_its_requesters_companies(api, create_ticket):
    admin = Api(make_admin().key)
    theirs, other = _company(admin, "Theirs", "theirs.example"), _company(admin, "Other")
    ticket = create_ticket(email="kim@theirs.example")

    refused = [api.post("tickets", new_ticket_body(email="lee@theirs.example", company_id=other)),
               api.put(f"tickets/{ticket['id']}", {"company_id": other})]

    assert [r.status_code for r in refused] == [400, 400]
    assert all(error_codes(r) == [("company_id", "invalid_value")] for r in refused)
    assert api.get(f"tickets/{ticket['id']}").json()["company_id"] == theirs
    # Without a company the ticket has none, whatever the requester's.
    assert api.put(f"tickets/{ticket['id']}", {"company_id": None}).json()["company_id"] is None


def test_a_new_contact_joins_the_company_whose_domain_their_address_has(api):
    admin = Api(make_admin().key)
    acme = _company(admin, "Acme Mail", "mail.acme.example")

    joined = api.post("contacts", {"name": "Ann", "email": "ann@MAIL.acme.example"})
    chosen = api.post("contacts", {"name": "Bo", "email": "bo@mail.acme.example",
                                   "company_id": None})
    elsewhere = api.post("contacts", {"name": "Cy", "email": "cy@acme.example"})

    assert joined.status_code == 201, joined.content
    assert joined.json()["company_id"] == acme
    assert chosen.json()["company_id"] == acme  # no company named: the domain decides
    assert elsewhere.json()["company_id"] is None
