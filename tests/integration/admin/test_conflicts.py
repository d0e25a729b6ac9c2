"""Two people on one ticket: a stale properties form is refused, never a lost update."""

from __future__ import annotations

from tests.integration.admin.helpers import (
    caught_up,
    events_since,
    make_agent,
    make_group,
    open_ticket,
    page,
    send,
    submit,
    version,
)
from tickets.domain.codes import Priority, Status
from tickets.domain.commands import UpdateTicket
from tickets.models import TicketView

CONFLICT = "Someone else changed this ticket"


def seen_form(client, ticket_id: int) -> dict:
    """Open the ticket page and return its properties form as the agent would submit it."""
    form = client.get(page(ticket_id)).context["properties_form"]
    return {name: "" if form[name].value() is None else form[name].value() for name in form.fields}


def test_a_stale_properties_form_is_refused_and_keeps_the_agents_input(client):
    ticket_id = open_ticket(subject="Broken lamp")
    form = seen_form(client, ticket_id)
    seen = form["version"]
    send(UpdateTicket(ticket_id=ticket_id, changes={"priority": int(Priority.HIGH)}),
         by=make_agent("Other Agent"))
    now = version(ticket_id)
    assert now > seen

    typed = {**form, "status": int(Status.PENDING), "subject": "Broken lamp (replacement sent)"}
    response = client.post(page(ticket_id), {"action": "update", **typed})

    assert response.status_code == 200
    html = response.content.decode()
    assert CONFLICT in html
    assert events_since(ticket_id, now) == []
    kept = response.context["properties_form"]
    assert kept["subject"].value() == "Broken lamp (replacement sent)"
    assert int(kept["status"].value()) == Status.PENDING
    assert int(kept["version"].value()) == now
    assert "<strong>High</strong>" in html  # their change is shown


def test_resubmitting_the_rebased_form_applies_the_agents_change(client, agent):
    ticket_id = open_ticket()
    form = seen_form(client, ticket_id)
    group = make_group()
    send(UpdateTicket(ticket_id=ticket_id, changes={"group_id": group}), by=make_agent("Other"))
    refused = client.post(page(ticket_id), {"action": "update", **form,
                                            "status": int(Status.RESOLVED), "group_id": group})
    assert CONFLICT in refused.content.decode()
    before = version(ticket_id)

    kept = refused.context["properties_form"]
    response = submit(client, ticket_id, "update",
                      **{name: kept[name].value() or "" for name in kept.fields})

    assert [e.type for e in events_since(ticket_id, before)] == ["TicketStatusChanged"]
    html = response.content.decode()
    assert CONFLICT not in html
    assert "<strong>Resolved</strong>" in html


def test_a_note_on_a_ticket_changed_meanwhile_is_simply_added(client):
    ticket_id = open_ticket()
    client.get(page(ticket_id))
    send(UpdateTicket(ticket_id=ticket_id, changes={"priority": int(Priority.MEDIUM)}),
         by=make_agent("Other"))
    before = version(ticket_id)
    response = submit(client, ticket_id, "note", body="Still on it.", private="on")
    assert [e.type for e in events_since(ticket_id, before)] == ["NoteAdded"]
    assert CONFLICT not in response.content.decode()


def test_resubmitting_after_a_conflict_does_not_undo_the_other_agents_change(client):
    ticket_id = open_ticket(priority=int(Priority.LOW))
    form = seen_form(client, ticket_id)
    send(UpdateTicket(ticket_id=ticket_id, changes={"priority": int(Priority.URGENT)}),
         by=make_agent("Other"))
    refused = client.post(page(ticket_id), {"action": "update", **form,
                                            "status": int(Status.PENDING)})
    assert CONFLICT in refused.content.decode()

    kept = refused.context["properties_form"]
    submit(client, ticket_id, "update", **{name: kept[name].value() or "" for name in kept.fields})

    caught_up(ticket_id)
    ticket = TicketView.objects.get(id=ticket_id)
    assert (ticket.status, ticket.priority) == (Status.PENDING, Priority.URGENT)
