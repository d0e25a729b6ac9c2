"""Every form of the ticket page sends its command as the agent, and the page it redirects to
already shows the result (read-your-writes)."""

from __future__ import annotations

import pytest

from tests.integration.admin.helpers import (
    events_since,
    make_group,
    open_ticket,
    page,
    submit,
    version,
)
from tickets.domain.codes import Priority, Status
from tickets.models import ConversationView, TicketView

# Stands for a group the test creates first (a ticket names only a group that exists).
NEW_GROUP = object()


def properties(ticket_id: int, **changes) -> dict:
    """The properties form as the page fills it in, with `changes` typed over it."""
    row = TicketView.objects.values().get(id=ticket_id)
    form = {"version": row["version"], "subject": row["subject"] or "", "type": row["type"] or "",
            "status": row["status"], "priority": row["priority"], "group_id": row["group_id"] or "",
            "responder_id": row["responder_id"] or "", "tags": ", ".join(row["tags"])}
    return {**form, **changes}


def new_events(ticket_id: int, before: int, agent) -> list:
    """The events appended since `before`, checked to come from this agent in the admin."""
    events = events_since(ticket_id, before)
    assert events, "the form appended no event"
    for event in events:
        assert event.metadata["via"] == "admin"
        assert event.metadata["actor_id"] == agent.id
    return events


def shown(response) -> str:
    assert response.status_code == 200
    assert response.redirect_chain, "a successful form redirects (post/redirect/get)"
    return response.content.decode()


@pytest.mark.parametrize(("field", "value", "event_type", "label"), [
    ("status", int(Status.PENDING), "TicketStatusChanged", "<strong>Pending</strong>"),
    ("priority", int(Priority.URGENT), "TicketPriorityChanged", "<strong>Urgent</strong>"),
    ("group_id", NEW_GROUP, "TicketGroupChanged", 'name="group_id" value="{}"'),
    ("subject", "Parcel found at the depot", "TicketPropertiesChanged",
     "Parcel found at the depot"),
])
def test_the_properties_form_sends_an_update_and_shows_it(client, agent, field, value,
                                                          event_type, label):
    if value is NEW_GROUP:  # a ticket names only a group that exists
        value = make_group()
        label = label.format(value)
    ticket_id = open_ticket()
    before = version(ticket_id)
    response = submit(client, ticket_id, "update", **properties(ticket_id, **{field: value}))
    assert [e.type for e in new_events(ticket_id, before, agent)] == [event_type]
    html = shown(response)
    assert label in html
    assert "Ticket updated." in html


def test_assigning_an_agent_in_the_properties_form_appends_ticket_assigned(client, agent):
    ticket_id = open_ticket()
    before = version(ticket_id)
    response = submit(client, ticket_id, "update", **properties(ticket_id, responder_id=agent.id))
    (event,) = new_events(ticket_id, before, agent)
    assert (event.type, event.data["responder_id"]) == ("TicketAssigned", agent.id)
    assert f'<option value="{agent.id}" selected>' in shown(response)


def test_an_unchanged_properties_form_appends_nothing(client):
    ticket_id = open_ticket()
    before = version(ticket_id)
    submit(client, ticket_id, "update", **properties(ticket_id))
    assert events_since(ticket_id, before) == []


def test_the_reply_form_adds_a_public_reply_shown_in_the_thread(client, agent):
    ticket_id = open_ticket()
    before = version(ticket_id)
    response = submit(client, ticket_id, "reply", body="Your parcel ships today.")
    (event,) = new_events(ticket_id, before, agent)
    assert event.type == "ReplyAdded"
    assert event.data["user_id"] == agent.id
    assert "Your parcel ships today." in shown(response)


@pytest.mark.parametrize("private", [True, False])
def test_the_note_form_adds_a_note_private_or_public(client, agent, private):
    ticket_id = open_ticket()
    before = version(ticket_id)
    response = submit(client, ticket_id, "note", body="Called the courier.",
                      **({"private": "on"} if private else {}))
    (event,) = new_events(ticket_id, before, agent)
    assert (event.type, event.data["private"]) == ("NoteAdded", private)
    html = shown(response)
    assert "Called the courier." in html
    assert ('<span class="badge private">private</span>' in html) is private


def add_note(client, ticket_id: int, body: str) -> int:
    submit(client, ticket_id, "note", body=body, private="on")
    return ConversationView.objects.get(ticket_id=ticket_id, body_text=body).id


def test_editing_a_note_appends_note_edited_and_shows_the_new_text(client, agent):
    ticket_id = open_ticket()
    note_id = add_note(client, ticket_id, "Courier says Tuesday.")
    before = version(ticket_id)
    response = submit(client, ticket_id, "edit_note", conversation_id=note_id,
                      body="Courier says Wednesday.")
    (event,) = new_events(ticket_id, before, agent)
    assert (event.type, event.data["conversation_id"]) == ("NoteEdited", note_id)
    html = shown(response)
    assert "Courier says Wednesday." in html
    assert "Courier says Tuesday." not in html


def test_deleting_a_conversation_removes_it_from_the_thread(client, agent):
    ticket_id = open_ticket()
    note_id = add_note(client, ticket_id, "Wrong ticket, sorry.")
    before = version(ticket_id)
    response = submit(client, ticket_id, "delete_conversation", conversation_id=note_id)
    (event,) = new_events(ticket_id, before, agent)
    assert (event.type, event.data["conversation_id"]) == ("ConversationDeleted", note_id)
    assert "Wrong ticket, sorry." not in shown(response)


@pytest.mark.parametrize(("steps", "event_type", "badge", "button"), [
    (["delete"], "TicketDeleted", "IN TRASH", 'value="restore"'),
    (["delete", "restore"], "TicketRestored", None, 'value="delete"'),
    (["spam"], "TicketMarkedSpam", "SPAM", 'value="unspam"'),
    (["spam", "unspam"], "TicketUnmarkedSpam", None, 'value="spam"'),
])
def test_the_ticket_buttons_send_their_command_and_show_the_new_state(client, agent, steps,
                                                                     event_type, badge, button):
    ticket_id = open_ticket()
    for step in steps:
        before = version(ticket_id)
        response = submit(client, ticket_id, step)
    (event,) = new_events(ticket_id, before, agent)
    assert event.type == event_type
    html = shown(response)
    assert button in html
    for other in ("IN TRASH", "SPAM"):
        assert (f'<span class="badge private">{other}</span>' in html) is (other == badge)


def test_a_refused_command_shows_the_reason_and_appends_nothing(client):
    ticket_id = open_ticket()
    submit(client, ticket_id, "spam")
    before = version(ticket_id)
    response = submit(client, ticket_id, "reply", body="Hello?")
    assert response.status_code == 200
    assert events_since(ticket_id, before) == []
    assert '<li class="error">This ticket is spam and cannot be changed' in response.content.decode()
    assert response.context["reply_form"].data["body"] == "Hello?"  # the typed reply is kept


def test_an_empty_note_is_a_form_error_and_appends_nothing(client):
    ticket_id = open_ticket()
    before = version(ticket_id)
    response = client.post(page(ticket_id), {"action": "note", "body": ""})
    assert response.status_code == 200
    assert response.context["note_form"].errors["body"]
    assert events_since(ticket_id, before) == []
