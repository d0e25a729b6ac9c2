"""The ticket page's timeline reads as an agent would tell it."""

from __future__ import annotations

import re

from tests.integration.admin.helpers import make_agent, open_ticket, send
from tickets.domain.commands import AddNote, AddReply, UpdateTicket


def _timeline(client, ticket_id: int) -> list[str]:
    html = client.get(f"/admin/tickets/ticketview/{ticket_id}/change/").content.decode()
    block = html.split('id="activity">', 1)[1].split("</ul>", 1)[0]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip()
            for item in block.split("<li>")[1:]]


def test_the_timeline_names_the_actor_labels_the_values_and_says_the_channel(client, agent):
    colleague = make_agent("Bo Colleague")
    ticket = open_ticket("Lamp arrived broken", by=colleague, email="cleo@example.com")
    send(UpdateTicket(ticket_id=ticket, changes={"status": 3, "priority": 3,
                                                  "responder_id": agent.id}), by=colleague)
    send(AddNote(ticket_id=ticket, body="Asked the carrier."), by=colleague)
    send(AddReply(ticket_id=ticket, body="Sorry! A new one is on its way."), by=colleague)

    newest_first = _timeline(client, ticket)

    assert newest_first[0].startswith("Bo Colleague replied via the API")
    assert newest_first[1].startswith("Bo Colleague added a private note via the API")
    changed = newest_first[2]
    assert changed.startswith("Bo Colleague changed the ticket via the API")
    for line in ("Status: Open → Pending", "Priority: Low → High",
                 f"Agent: — → {agent.name}"):
        assert line in changed, changed
    created = newest_first[-1]
    assert created.startswith("Bo Colleague created the ticket via the API")
    assert "Source: Portal" in created and "Status: Open" in created
    assert "description" not in created.lower() and "actor" not in " ".join(newest_first)
