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


def _pages_of(client, ticket_id: int) -> list[list[str]]:
    """Every page of the timeline, following its "Older activity" link to the end."""
    pages, query = [], ""
    while True:
        html = client.get(f"/admin/tickets/ticketview/{ticket_id}/change/{query}").content.decode()
        pages.append(_entries(html))
        older = re.search(r'href="\?activity_before=(\d+)">Older activity', html)
        if older is None:
            return pages
        assert "Newest activity" in html or not query
        query = f"?activity_before={older.group(1)}"


def _entries(html: str) -> list[str]:
    block = html.split('id="activity">', 1)[1].split("</ul>", 1)[0]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip()
            for item in block.split("<li>")[1:]]


def test_the_timeline_is_read_from_the_activity_tables_and_never_from_the_events(agent):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shopnest.eventstore.store import read_stream
    from tests.integration.admin.helpers import logged_in
    from tests.integration.projections.activities import event_reads

    colleague = make_agent("Bo Colleague")
    ticket = open_ticket("Lamp arrived broken", by=colleague)
    send(UpdateTicket(ticket_id=ticket, changes={"status": 3}), by=colleague)
    send(AddNote(ticket_id=ticket, body="Asked the carrier."), by=colleague)
    with connection.cursor() as cursor:  # what only the table says
        cursor.execute("UPDATE tickets_activity_view SET via = 'admin' "
                       "WHERE ticket_id = %s AND version = 2", [ticket])
    reader = logged_in(agent)

    with CaptureQueriesContext(connection) as queries:
        newest_first = _timeline(reader, ticket)
    with CaptureQueriesContext(connection) as folding:  # what the fold used to do
        read_stream(f"ticket-{ticket}")

    assert newest_first[1].startswith("Bo Colleague changed the ticket in the back office")
    assert event_reads(queries.captured_queries) == []
    assert len(event_reads(folding.captured_queries)) == 1


def test_a_long_timeline_comes_in_pages_that_cut_no_act_in_two(client):
    colleague = make_agent("Bo Colleague")
    ticket = open_ticket("Lamp arrived broken", by=colleague)
    # One act of three events (status, priority, agent), then 48 notes: newest first, the
    # page of 50 activities ends inside that act, which it shows whole.
    send(UpdateTicket(ticket_id=ticket, changes={"status": 3, "priority": 3,
                                                  "responder_id": colleague.id}), by=colleague)
    for number in range(48):
        send(AddNote(ticket_id=ticket, body=f"Note {number}"), by=colleague)

    pages = _pages_of(client, ticket)

    assert [len(page) for page in pages] == [49, 1]
    assert pages[0][0].startswith("Bo Colleague added a private note")
    changed = pages[0][-1]
    assert changed.startswith("Bo Colleague changed the ticket via the API")
    assert all(line in changed for line in ("Status: Open → Pending", "Priority: Low → High",
                                             "Agent: — → Bo Colleague"))
    assert pages[1][0].startswith("Bo Colleague created the ticket")


def test_a_page_past_the_oldest_activity_is_empty_and_leads_back_to_the_newest(client):
    ticket = open_ticket("Lamp arrived broken")

    html = client.get(f"/admin/tickets/ticketview/{ticket}/change/?activity_before=1")

    assert _entries(html.content.decode()) == []
    assert 'href="?">Newest activity' in html.content.decode()
    assert "Older activity" not in html.content.decode()
