"""The ticket queue: filters, search, and a constant number of queries per page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.integration.admin.helpers import make_agent, make_group, open_ticket, send, table_rows
from tickets.domain.codes import Priority, Status
from tickets.domain.commands import DeleteTicket, MarkSpam

QUEUE = "/admin/tickets/ticketview/"


def listed(client, **params) -> set[int]:
    response = client.get(QUEUE, params)
    assert response.status_code == 200
    return {ticket.id for ticket in response.context["cl"].result_list}


@pytest.fixture
def queue(agent):
    """Tickets in every corner of the queue, by name."""
    other = make_agent("Otto Other")
    group = make_group("Furniture")
    tickets = {
        "open": open_ticket("Lamp flickers", email="lamp@example.com"),
        "pending": open_ticket("Sofa delayed", status=int(Status.PENDING), group_id=group),
        "urgent": open_ticket("Card charged twice", priority=int(Priority.URGENT),
                              responder_id=agent.id),
        "others": open_ticket("Chair squeaks", responder_id=other.id),
        "spam": open_ticket("Cheap watches"),
        "trash": open_ticket("Duplicate of lamp"),
    }
    send(MarkSpam(ticket_id=tickets["spam"]))
    send(DeleteTicket(ticket_id=tickets["trash"]))
    return {**tickets, "other_agent": other.id, "group": group}


def test_the_queue_lists_active_tickets_by_default(client, queue):
    assert listed(client) == {queue[k] for k in ("open", "pending", "urgent", "others")}


def test_the_queue_filter_shows_spam_trash_or_everything(client, queue):
    assert listed(client, queue="spam") == {queue["spam"]}
    assert listed(client, queue="deleted") == {queue["trash"]}
    everything = {"open", "pending", "urgent", "others", "spam", "trash"}
    assert listed(client, queue="all") == {queue[n] for n in everything}


def test_filtering_by_status_and_priority(client, queue):
    assert listed(client, status__exact=int(Status.PENDING)) == {queue["pending"]}
    assert listed(client, priority__exact=int(Priority.URGENT)) == {queue["urgent"]}


def test_filtering_by_agent_or_group(client, agent, queue):
    assert listed(client, agent=agent.id) == {queue["urgent"]}
    assert listed(client, agent=queue["other_agent"]) == {queue["others"]}
    assert listed(client, agent="none") == {queue["open"], queue["pending"]}
    assert listed(client, group=queue["group"]) == {queue["pending"]}
    assert listed(client, group="none") == {queue[n] for n in ("open", "urgent", "others")}


def test_searching_by_subject_or_requester_email(client, queue):
    assert listed(client, q="flickers") == {queue["open"]}
    assert listed(client, q="lamp@example.com") == {queue["open"]}
    assert listed(client, q="lamp", queue="all") == {queue["open"], queue["trash"]}


def test_the_queue_shows_labels_and_the_agents_name(client, agent, queue):
    rows = {row["subject"]: row for row in table_rows(client.get(QUEUE).content.decode())}
    assert set(rows) == {"Lamp flickers", "Sofa delayed", "Card charged twice", "Chair squeaks"}
    urgent = rows["Card charged twice"]
    assert (urgent["status_label"], urgent["priority_label"]) == ("Open", "Urgent")
    assert urgent["agent"] == agent.name.split()[0]  # the agent's first name, not an id
    assert rows["Sofa delayed"]["status_label"] == "Pending"
    assert rows["Lamp flickers"]["requester"] == "lamp@example.com"
    assert rows["Chair squeaks"]["agent"] == "Otto"


def queries_of_the_queue(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(QUEUE).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_number_of_tickets(client, agent):
    other = make_agent("Otto Other")
    groups = [make_group() for _ in range(3)]
    for n in range(5):
        open_ticket(f"Ticket {n}", responder_id=(agent.id, other.id)[n % 2], group_id=groups[n % 3])
    few = queries_of_the_queue(client)
    for n in range(5, 40):
        open_ticket(f"Ticket {n}", responder_id=(agent.id, other.id)[n % 2], group_id=groups[n % 3])
    many = queries_of_the_queue(client)
    assert client.get(QUEUE).context["cl"].result_count == 40
    assert many == few
