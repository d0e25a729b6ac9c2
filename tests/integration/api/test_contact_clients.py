"""The contact calls real clients make, byte for byte as their source sends them.

python-freshdesk (freshdesk/v2/api.py, ContactAPI): JSON bodies and a JSON Content-Type on
every call, the password "unused_with_api_key", `list_contacts` paging by `page=…&per_page=100`
in the URL plus its filters as parameters (a `page` filter then arrives twice) until a short
page, `create_contact` adding `view_all_tickets` and `description`, `make_agent` sending the
agent's settings and then reading the agent. tap-freshdesk (streams/abstracts.py,
IncrementalStream): `per_page=100&updated_since=<bookmark>&page=n`, password "", keeping
records whose `updated_at` >= the bookmark, until a page is not full.
"""

from __future__ import annotations

import time

from people.domain.contacts import CreateContact
from shopnest.mediator import MessageContext, mediator
from tests.integration.admin.helpers import settle
from tests.integration.api.conftest import Api
from tests.integration.api.test_agents import make_admin


def create(name: str, email: str) -> dict:
    """Create a contact the quick way (a context of its own: the clock of this moment)."""
    outcome = mediator.send(CreateContact(name=name, email=email), MessageContext(via="cli"))
    settle(outcome.token)  # nobody's own write: no query waits for it
    return outcome.result["contact"]


def python_freshdesk(key: str) -> Api:
    return Api(key, password="unused_with_api_key")


def list_contacts(client: Api, **filters) -> list[dict]:
    """ContactAPI.list_contacts: page until a page is shorter than per_page."""
    page, found = filters.get("page", 1), []
    while True:
        query = "&".join([f"page={page}", "per_page=100"]
                         + [f"{k}={v}" for k, v in filters.items()])
        response = client.client.get(f"/api/v2/contacts?{query}", CONTENT_TYPE="application/json",
                                     **client._headers({}))
        assert response.status_code == 200, response.content
        found += response.json()
        if len(response.json()) < 100 or "page" in filters:
            return found
        page += 1


def test_python_freshdesk_creates_reads_updates_deletes_and_restores_a_contact(agent):
    client = python_freshdesk(agent.key)

    created = client.post("contacts", {"view_all_tickets": False,
                                       "description": "Freshdesk Contact",
                                       "name": "Ann Lee", "email": "ann@example.com"})
    contact_id = created.json()["id"]
    got = client.get(f"contacts/{contact_id}", CONTENT_TYPE="application/json")
    updated = client.put(f"contacts/{contact_id}", {"job_title": "Buyer"})
    deleted = client.delete(f"contacts/{contact_id}")
    restored = client.put(f"contacts/{contact_id}/restore", None)

    assert created.status_code == 201, created.content
    assert created.json()["description"] == "Freshdesk Contact"
    assert got.json()["email"] == "ann@example.com"
    assert updated.json()["job_title"] == "Buyer"
    assert (deleted.status_code, restored.status_code) == (204, 204)
    assert client.get(f"contacts/{contact_id}").json().get("deleted") is None


def test_python_freshdesk_lists_every_contact_and_filters_with_a_page_sent_twice(agent):
    client = python_freshdesk(agent.key)
    for i in range(103):
        create(f"Contact {i:03d}", f"c{i}@example.com")
    client.post("contacts", {"name": "Zed", "email": "zed@example.com", "phone": "555"})

    everyone = list_contacts(client)
    by_email = list_contacts(client, email="zed@example.com")
    second_page = list_contacts(client, page=2)

    assert len(everyone) == 104 and len({c["id"] for c in everyone}) == 104
    assert [c["name"] for c in everyone] == sorted(c["name"] for c in everyone)
    assert [c["phone"] for c in by_email] == ["555"]
    assert [c["name"] for c in second_page] == ["Contact 100", "Contact 101", "Contact 102",
                                                "Zed"]


def test_python_freshdesk_makes_a_contact_an_agent_and_reads_the_agent(agent):
    admin = python_freshdesk(make_admin().key)
    contact = admin.post("contacts", {"name": "Ann Lee", "email": "ann@example.com"}).json()

    made = admin.put(f"contacts/{contact['id']}/make_agent",
                     {"occasional": False, "ticket_scope": 2})
    read = admin.get(f"agents/{made.json()['agent']['id']}", CONTENT_TYPE="application/json")

    assert made.status_code == 200, made.content
    assert read.status_code == 200
    assert read.json()["contact"]["email"] == "ann@example.com"


def test_tap_freshdesk_syncs_contacts_changed_since_its_bookmark(agent):
    tap = Api(agent.key, password="")
    for i in range(3):
        create(f"Before {i}", f"before{i}@example.com")
    time.sleep(1.1)
    bookmark = create("After 000", "a0@example.com")["updated_at"]
    for i in range(1, 101):
        create(f"After {i:03d}", f"a{i}@example.com")
    synced, page = [], 1
    while True:
        # The tap's bookmark as singer writes it: fractional seconds.
        response = tap.get("contacts", {"per_page": "100", "page": str(page),
                                         "updated_since": bookmark.replace("Z", ".000000Z")},
                           HTTP_ACCEPT="application/json")
        assert response.status_code == 200, response.content
        records = response.json()
        synced += [r for r in records if r["updated_at"] >= bookmark]
        if len(records) < 100:
            break
        page += 1

    assert len(synced) == 101 and {r["name"][:5] for r in synced} == {"After"}
    assert len({r["id"] for r in synced}) == 101
