"""GET /tickets/{id}/activities: a ticket's history from its events (§2, §9)."""

from __future__ import annotations

import re

TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def activities(api, ticket_id: int) -> list[dict]:
    response = api.get(f"tickets/{ticket_id}/activities")
    assert response.status_code == 200, response.content
    body = response.json()
    assert list(body) == ["activities"]
    return body["activities"]


def test_each_event_of_a_ticket_is_one_activity_with_who_when_and_via(api, agent,
                                                                     create_ticket):
    ticket = create_ticket()
    api.put(f"tickets/{ticket['id']}", {"status": 4})
    history = activities(api, ticket["id"])
    assert len(history) == 2
    for activity in history:
        assert activity["actor_id"] == agent.id
        assert activity["via"] == "api"
        assert TIMESTAMP.match(activity["performed_at"])
    assert history[1]["changes"]["status"] == [2, 4]
    assert history[1]["performed_at"] >= history[0]["performed_at"]


def test_the_creation_activity_lists_every_field_set_as_new(api, create_ticket):
    ticket = create_ticket(subject="Late", priority=3, tags=["vip"])
    created = activities(api, ticket["id"])[0]
    assert created["changes"]["subject"] == [None, "Late"]
    assert created["changes"]["priority"] == [None, 3]
    assert created["changes"]["tags"] == [None, ["vip"]]
    assert created["changes"]["requester_id"] == [None, ticket["requester_id"]]


def test_one_update_of_several_fields_records_each_change(api, create_ticket):
    ticket = create_ticket()
    api.put(f"tickets/{ticket['id']}", {"priority": 2, "subject": "Renamed", "status": 3})
    changes = {}
    for activity in activities(api, ticket["id"])[1:]:
        changes.update(activity["changes"])
    assert changes["priority"] == [1, 2]
    assert changes["subject"] == [ticket["subject"], "Renamed"]
    assert changes["status"] == [2, 3]


def test_replies_notes_and_lifecycle_actions_each_leave_an_activity(api, create_ticket,
                                                                    add_reply, add_note):
    ticket = create_ticket()
    reply = add_reply(ticket["id"])
    add_note(ticket["id"])
    api.delete(f"tickets/{ticket['id']}")
    api.put(f"tickets/{ticket['id']}/restore")
    history = activities(api, ticket["id"])
    assert len(history) == 5
    assert history[1]["conversation"]["id"] == reply["id"]
    assert history[1]["changes"]["first_responded_at"] == [None, reply["created_at"]]
    assert history[3]["changes"]["deleted"] == [False, True]
    assert history[4]["changes"]["deleted"] == [True, False]


def test_activities_of_an_unknown_ticket_are_a_404(api):
    response = api.get("tickets/565656/activities")
    assert response.status_code == 404
    assert response.content == b""
