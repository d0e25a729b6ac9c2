"""A ticket's company is a real company of the desk, and include=company shows its name."""

from __future__ import annotations

from .conftest import Api, error_codes, new_ticket_body
from .test_agents import make_admin


def _company(admin: Api, name: str) -> int:
    response = admin.post("companies", {"name": name})
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
    acme = _company(admin, "Acme")
    ticket = create_ticket(company_id=acme)
    assert admin.put(f"companies/{acme}", {"name": "Acme Rockets"}).status_code == 200
    assert admin.get(f"companies/{acme}").json()["name"] == "Acme Rockets"

    shown = api.get(f"tickets/{ticket['id']}", {"include": "company"}).json()
    listed = api.get("tickets", {"include": "company"}).json()

    assert shown["company"] == {"id": acme, "name": "Acme Rockets"}
    assert [t["company"] for t in listed] == [{"id": acme, "name": "Acme Rockets"}]


def test_a_ticket_moves_to_another_company_of_the_desk(api, create_ticket):
    admin = Api(make_admin().key)
    first, second = _company(admin, "First"), _company(admin, "Second")
    ticket = create_ticket(company_id=first)

    moved = api.put(f"tickets/{ticket['id']}", {"company_id": second})

    assert moved.status_code == 200, moved.content
    assert moved.json()["company_id"] == second
