"""The page an agent lands on after a write shows that write, even while projections lag."""

from __future__ import annotations

from tests.integration.admin.helpers import held_horizon, open_ticket, page
from tickets.domain.codes import Status
from tickets.models import ConversationView, TicketView

QUEUE = "/admin/tickets/ticketview/"


def test_the_ticket_page_after_a_note_waits_for_the_note_to_be_projected(client):
    ticket_id = open_ticket()
    with held_horizon() as horizon:
        response = client.post(page(ticket_id), {"action": "note", "body": "Refund approved.",
                                                  "private": "on"})
        assert response.status_code == 302
        assert not ConversationView.objects.filter(ticket_id=ticket_id).exists()  # lagging
        horizon.release_in(0.3)
        html = client.get(response["Location"]).content.decode()
    assert "Refund approved." in html


def test_the_page_of_a_ticket_just_created_in_the_admin_is_found(client):
    with held_horizon() as horizon:
        response = client.post(QUEUE + "add/", {
            "email": "fresh@example.com", "subject": "Missing screws", "description": "Bag empty",
            "status": int(Status.OPEN), "priority": 1})
        assert response.status_code == 302
        assert not TicketView.objects.exists()  # lagging
        horizon.release_in(0.3)
        shown = client.get(response["Location"])
    assert shown.status_code == 200
    assert "Missing screws" in shown.content.decode()


def test_the_queue_after_a_bulk_close_shows_the_tickets_closed(client):
    ticket_ids = [open_ticket(f"Order {n}") for n in range(2)]
    with held_horizon() as horizon:
        response = client.post(QUEUE, {"action": "close_tickets", "_selected_action": ticket_ids,
                                       "index": 0})
        assert response.status_code == 302
        horizon.release_in(0.3)
        shown = client.get(response["Location"])
    statuses = {t.id: t.status for t in shown.context["cl"].result_list}
    assert statuses == dict.fromkeys(ticket_ids, Status.CLOSED)
