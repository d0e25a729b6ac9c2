"""Only agents use the back office: a staff user without an agent profile sees no ticket."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from shopnest.models import EventRecord
from tests.integration.admin.helpers import open_ticket, page, stream


@pytest.fixture
def outsider() -> Client:
    """A staff user written directly (test setup only): no AgentRegistered, no agent profile."""
    email = f"staff-{uuid.uuid4().hex[:8]}@example.com"
    get_user_model().objects.create_user(username=email, email=email, password="pw",
                                         is_staff=True)
    client = Client()
    assert client.login(username=email, password="pw")
    return client


def test_an_agent_sees_the_ticket_queue_and_a_ticket(client):
    ticket_id = open_ticket("Parcel lost")
    assert "Parcel lost" in client.get("/admin/tickets/ticketview/").content.decode()
    assert client.get(page(ticket_id)).status_code == 200


def test_a_non_agent_is_not_shown_the_tickets_module(outsider):
    open_ticket()
    index = outsider.get("/admin/")
    assert index.status_code == 200
    assert "/admin/tickets/ticketview/" not in index.content.decode()
    assert outsider.get("/admin/tickets/ticketview/").status_code == 403


def test_a_non_agent_cannot_open_a_ticket_page(outsider):
    ticket_id = open_ticket()
    assert outsider.get(page(ticket_id)).status_code == 403


def test_a_non_agent_cannot_post_a_command_on_a_ticket_page(outsider):
    ticket_id = open_ticket()
    response = outsider.post(page(ticket_id), {"action": "note", "body": "sneaky", "private": "on"})
    assert response.status_code == 403
    assert [e.type for e in stream(ticket_id)] == ["TicketCreated"]


def test_a_non_agent_cannot_open_a_ticket_through_the_new_ticket_form(outsider):
    response = outsider.post("/admin/tickets/ticketview/add/", {
        "email": "x@example.com", "subject": "s", "description": "d", "status": 2, "priority": 1})
    assert response.status_code == 403
    assert not EventRecord.objects.filter(type="TicketCreated").exists()


def test_a_non_agent_cannot_browse_the_event_store(outsider):
    open_ticket()
    assert outsider.get("/admin/shopnest/eventrecord/").status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page():
    ticket_id = open_ticket()
    response = Client().get(page(ticket_id))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
