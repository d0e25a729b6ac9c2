"""The Contacts page: the list searches and filters the read table; the contact page's forms
send UpdateContact, DeleteContact and RestoreContact as the agent, and show the result."""

from __future__ import annotations

import uuid

from people.domain.contacts import CreateContact, DeleteContact
from people.models import ContactView
from shopnest.eventstore.store import read_stream
from tests.integration.admin.helpers import send, table_rows

LIST = "/admin/people/contactview/"


def new_contact(name: str = "Ann Lee", **fields) -> int:
    fields.setdefault("email", f"ann-{uuid.uuid4().hex[:8]}@example.com")
    return send(CreateContact(name=name, **fields)).result["contact"]["id"]


def page(contact_id: int) -> str:
    return f"{LIST}{contact_id}/change/"


def form_of(contact_id: int, **changes) -> dict:
    """The edit form as the page fills it in, with `changes` typed over it."""
    row = ContactView.objects.values().get(id=contact_id)
    form = {name: row[name] or "" for name in (
        "name", "email", "phone", "mobile", "twitter_id", "unique_external_id", "job_title",
        "address", "description", "time_zone")}
    form.update(other_emails=", ".join(row["other_emails"]), tags=", ".join(row["tags"]),
                language=row["language"], company_id=row["company_id"] or "")
    if row["view_all_tickets"]:
        form["view_all_tickets"] = "on"
    return {"action": "update", **form, **changes}


def events_of(contact_id: int) -> list:
    return read_stream(f"contact-{contact_id}")


def test_the_list_searches_by_name_address_and_phone_and_hides_deleted_contacts(client):
    ann = new_contact("Ann Lee", email="ann@example.com", phone="555-0100")
    bob = new_contact("Bob Stone", email="bob@example.com")
    gone = new_contact("Gone Girl")
    send(DeleteContact(contact_id=gone))

    def listed(**query) -> list[str]:
        response = client.get(LIST, query)
        assert response.status_code == 200
        return [row["name"] for row in table_rows(response.content.decode())]

    assert listed() == ["Ann Lee", "Bob Stone"]
    assert listed(q="bob@example") == ["Bob Stone"]
    assert listed(q="555-0100") == ["Ann Lee"]
    assert listed(q="Ann") == ["Ann Lee"]
    assert listed(state="deleted") == ["Gone Girl"]
    assert listed(state="all") == ["Ann Lee", "Bob Stone", "Gone Girl"]
    assert ann and bob


def test_the_contact_page_shows_the_contact_from_its_row(client):
    contact_id = new_contact("Ann Lee", job_title="Buyer", custom_fields={"cf_tier": "gold"})

    html = client.get(page(contact_id)).content.decode()

    assert f"Contact #{contact_id}: Ann Lee" in html
    assert 'value="Buyer"' in html
    assert "cf_tier: gold" in html


def test_the_edit_form_sends_only_what_changed_as_the_agent(client, agent):
    contact_id = new_contact("Ann Lee", phone="555")

    response = client.post(page(contact_id), form_of(contact_id, job_title="Buyer",
                                                     tags="vip, late"), follow=True)

    assert response.status_code == 200 and response.redirect_chain
    html = response.content.decode()
    assert "Contact updated." in html and 'value="Buyer"' in html
    updated = events_of(contact_id)[-1]
    assert updated.type == "ContactUpdated"
    assert (updated.metadata["via"], updated.metadata["actor_id"]) == ("admin", agent.id)
    assert (updated.data["job_title"], updated.data["tags"], updated.data["phone"]) == (
        "Buyer", ["vip", "late"], "555")


def test_a_refused_edit_is_shown_and_changes_nothing(client):
    taken = new_contact("Bob", email="bob@example.com")
    contact_id = new_contact("Ann")

    response = client.post(page(contact_id), form_of(contact_id, email="bob@example.com"))

    assert response.status_code == 200
    assert "It should be a unique value" in response.content.decode()
    assert [e.type for e in events_of(contact_id)] == ["ContactCreated"]
    assert taken


def test_delete_and_restore_are_commands_and_a_deleted_contact_is_read_only(client):
    contact_id = new_contact()

    deleted = client.post(page(contact_id), {"action": "delete"}, follow=True)
    refused = client.post(page(contact_id), form_of(contact_id, name="Changed"))
    restored = client.post(page(contact_id), {"action": "restore"}, follow=True)

    assert "Contact deleted." in deleted.content.decode()
    assert "DELETED" in deleted.content.decode()
    assert "restore it before changing it" in refused.content.decode()
    assert "Contact restored." in restored.content.decode()
    assert [e.type for e in events_of(contact_id)] == ["ContactCreated", "ContactDeleted",
                                                       "ContactRestored"]


def test_an_unknown_contact_or_a_non_numeric_id_is_not_found(client):
    assert client.get(page(999999)).status_code == 404
    assert client.get(page("٣")).status_code == 404  # noqa: RUF001 (Arabic-Indic three)
