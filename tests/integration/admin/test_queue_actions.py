"""Bulk actions of the ticket queue (one command per selected ticket) and the new-ticket form."""

from __future__ import annotations

import pytest

from people.models import ContactView
from shopnest.eventstore.store import read_stream
from tests.integration.admin.helpers import caught_up, open_ticket, page, stream, version
from tickets.domain.codes import Priority, Status
from tickets.models import TicketView

QUEUE = "/admin/tickets/ticketview/"


def run_action(client, action: str, ticket_ids: list[int]):
    return client.post(QUEUE, {"action": action, "_selected_action": ticket_ids, "index": 0},
                       follow=True)


@pytest.mark.parametrize(("action", "event_type", "field", "expected"), [
    ("assign_to_me", "TicketAssigned", "responder_id", "me"),
    ("close_tickets", "TicketStatusChanged", "status", int(Status.CLOSED)),
    ("set_priority_high", "TicketPriorityChanged", "priority", int(Priority.HIGH)),
    ("mark_spam", "TicketMarkedSpam", "spam", True),
])
def test_a_bulk_action_appends_one_event_per_selected_ticket(client, agent, action, event_type,
                                                             field, expected):
    selected = [open_ticket(f"Selected {n}") for n in range(3)]
    other = open_ticket("Not selected")
    versions = {tid: version(tid) for tid in selected}

    response = run_action(client, action, selected)

    assert response.status_code == 200
    for ticket_id in selected:
        new = [e for e in stream(ticket_id) if e.version > versions[ticket_id]]
        assert [e.type for e in new] == [event_type]
        assert (new[0].metadata["via"], new[0].metadata["actor_id"]) == ("admin", agent.id)
    assert [e.type for e in stream(other)] == ["TicketCreated"]
    for ticket_id in selected:
        caught_up(ticket_id)
    want = agent.id if expected == "me" else expected
    rows = TicketView.objects.filter(id__in=selected).values_list(field, flat=True)
    assert list(rows) == [want] * 3
    assert ": 3 ticket(s)." in response.content.decode()


def test_each_priority_action_sets_its_priority(client):
    ticket_id = open_ticket(priority=int(Priority.LOW))
    for priority in (Priority.MEDIUM, Priority.HIGH, Priority.URGENT, Priority.LOW):
        run_action(client, f"set_priority_{priority.name.lower()}", [ticket_id])
        assert stream(ticket_id)[-1].data["priority"] == priority
    caught_up(ticket_id)
    assert TicketView.objects.get(id=ticket_id).priority == Priority.LOW
    assert [e.type for e in stream(ticket_id)][1:] == ["TicketPriorityChanged"] * 4


def test_a_bulk_action_reports_the_tickets_it_could_not_change(client):
    ok = open_ticket("Fine")
    spam = open_ticket("Junk")
    run_action(client, "mark_spam", [spam])
    before = version(spam)
    response = client.post(QUEUE + "?queue=all", {"action": "close_tickets",
                                                  "_selected_action": [ok, spam], "index": 0},
                           follow=True)
    html = response.content.decode()
    assert "Closed: 1 ticket(s)." in html
    assert f"#{spam}: This ticket is spam and cannot be changed" in html
    assert version(spam) == before
    caught_up(ok)
    assert TicketView.objects.get(id=ok).status == Status.CLOSED


def test_the_new_ticket_form_opens_a_ticket_and_creates_its_requester(client, agent):
    response = client.post(QUEUE + "add/", {
        "email": "new.customer@example.com", "name": "Nia New", "subject": "Wrong size",
        "description": "Sent me an XL", "status": int(Status.OPEN),
        "priority": int(Priority.MEDIUM)})

    assert response.status_code == 302
    ticket_id = int(response["Location"].split("/")[-3])
    assert response["Location"] == page(ticket_id)
    (created,) = stream(ticket_id)
    assert created.type == "TicketCreated"
    assert (created.metadata["via"], created.metadata["actor_id"]) == ("admin", agent.id)
    caught_up(ticket_id)
    ticket = TicketView.objects.get(id=ticket_id)
    assert (ticket.subject, ticket.priority) == ("Wrong size", Priority.MEDIUM)
    contact = ContactView.objects.get(email="new.customer@example.com")
    assert (contact.name, ticket.requester_id) == ("Nia New", contact.id)
    assert [e.type for e in read_stream(f"contact-{contact.id}")] == ["ContactCreated"]
    html = client.get(response["Location"]).content.decode()
    assert "Wrong size" in html
    assert f"Ticket #{ticket.id} created." in html


def test_the_new_ticket_form_reuses_a_known_requester(client):
    first = open_ticket(email="known@example.com")
    requester_id = TicketView.objects.get(id=first).requester_id
    response = client.post(QUEUE + "add/", {"email": "known@example.com", "subject": "Again",
                                            "description": "Still broken",
                                            "status": int(Status.OPEN),
                                            "priority": int(Priority.LOW)})
    caught_up(int(response["Location"].split("/")[-3]))
    assert TicketView.objects.get(subject="Again").requester_id == requester_id
    assert ContactView.objects.filter(email="known@example.com").count() == 1


def test_an_invalid_new_ticket_form_creates_nothing(client):
    response = client.post(QUEUE + "add/", {"email": "not-an-email", "subject": "",
                                            "description": "", "status": 2, "priority": 1})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"email", "subject", "description"}
    assert not TicketView.objects.exists()
