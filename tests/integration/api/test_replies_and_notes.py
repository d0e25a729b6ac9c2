"""POST /tickets/{id}/reply and /notes, and what they do to the ticket (§2, §3, §4.1, §8)."""

from __future__ import annotations

import time

from tests.integration.api.conftest import error_codes

CONVERSATION_FIELDS = {
    "id", "ticket_id", "body", "body_text", "incoming", "private", "user_id", "support_email",
    "source", "category", "to_emails", "from_email", "cc_emails", "bcc_emails", "attachments",
    "last_edited_at", "last_edited_user_id", "created_at", "updated_at",
}


def test_a_reply_answers_201_with_a_public_reply_conversation(api, agent, create_ticket):
    ticket = create_ticket(email="replied@example.com")
    response = api.post(f"tickets/{ticket['id']}/reply",
                        {"body": "<p>Your <b>parcel</b> ships today.</p>",
                         "cc_emails": ["cc@example.com"]})
    assert response.status_code == 201
    reply = response.json()
    assert CONVERSATION_FIELDS | {"replied_to"} <= set(reply)
    assert (reply["source"], reply["private"], reply["incoming"]) == (0, False, False)
    assert reply["ticket_id"] == ticket["id"]
    assert reply["user_id"] == agent.id
    assert reply["body_text"] == "Your parcel ships today."
    assert reply["replied_to"] == ["replied@example.com"]
    assert reply["cc_emails"] == ["cc@example.com"]
    assert reply["last_edited_at"] is None
    assert reply["created_at"] and reply["updated_at"]


def test_a_note_answers_201_private_by_default_with_notified_to(api, agent, create_ticket):
    ticket = create_ticket()
    response = api.post(f"tickets/{ticket['id']}/notes",
                        {"body": "<p>Called the courier</p>",
                         "notify_emails": ["lead@shopnest.example"]})
    assert response.status_code == 201
    note = response.json()
    assert CONVERSATION_FIELDS | {"notified_to"} <= set(note)
    assert (note["source"], note["private"]) == (2, True)
    assert note["support_email"] is None
    assert note["user_id"] == agent.id
    assert note["notified_to"] == ["lead@shopnest.example"]


def test_a_note_can_be_made_public(add_note, create_ticket):
    ticket = create_ticket()
    assert add_note(ticket["id"], private=False)["private"] is False


def test_an_empty_body_is_a_400_missing_field(api, create_ticket):
    ticket = create_ticket()
    for kind in ("reply", "notes"):
        for body in ({"body": ""}, {"body": "   "}, {}, {"body": None}):
            response = api.post(f"tickets/{ticket['id']}/{kind}", body)
            assert (kind, body, response.status_code) == (kind, body, 400)
            assert error_codes(response) == [("body", "missing_field")]
    assert api.get(f"tickets/{ticket['id']}/conversations").json() == []


def test_an_unknown_field_on_a_conversation_is_a_400_invalid_field(api, create_ticket):
    ticket = create_ticket()
    for kind, field in (("reply", "mood"), ("notes", "mood"), ("reply", "private"),
                        ("notes", "from_email")):
        response = api.post(f"tickets/{ticket['id']}/{kind}", {"body": "hi", field: "x"})
        assert (kind, response.status_code) == (kind, 400)
        assert error_codes(response) == [(field, "invalid_field")]


def test_a_conversation_on_an_unknown_ticket_is_a_404(api):
    for kind in ("reply", "notes"):
        response = api.post(f"tickets/888888/{kind}", {"body": "hello?"})
        assert (kind, response.status_code, response.content) == (kind, 404, b"")


def test_a_conversation_on_a_spam_ticket_is_a_405(api, create_ticket):
    ticket = create_ticket()
    api.put(f"tickets/{ticket['id']}/spam")
    for kind in ("reply", "notes"):
        response = api.post(f"tickets/{ticket['id']}/{kind}", {"body": "hi"})
        assert (kind, response.status_code) == (kind, 405)


def test_a_reply_or_a_note_moves_the_tickets_updated_at(api, create_ticket):
    replied, noted, untouched = create_ticket(), create_ticket(), create_ticket()
    time.sleep(1.1)  # timestamps have a one-second resolution
    assert api.post(f"tickets/{replied['id']}/reply", {"body": "news"}).status_code == 201
    assert api.post(f"tickets/{noted['id']}/notes", {"body": "news"}).status_code == 201
    for ticket in (replied, noted):
        shown = api.get(f"tickets/{ticket['id']}").json()
        assert shown["updated_at"] > ticket["updated_at"]
    since = api.get(f"tickets/{replied['id']}").json()["updated_at"]
    listed = [t["id"] for t in api.get("tickets", {"updated_since": since}).json()]
    assert sorted(listed) == sorted([replied["id"], noted["id"]])
    assert untouched["id"] not in listed


def test_an_agent_reply_sets_first_and_agent_responded_at(api, create_ticket, add_reply):
    ticket = create_ticket()
    reply = add_reply(ticket["id"])
    stats = api.get(f"tickets/{ticket['id']}", {"include": "stats"}).json()["stats"]
    assert stats["first_responded_at"] == reply["created_at"]
    assert stats["agent_responded_at"] == reply["created_at"]
    assert stats["requester_responded_at"] is None


def test_a_note_is_not_a_first_response(api, create_ticket, add_note):
    ticket = create_ticket()
    add_note(ticket["id"])
    stats = api.get(f"tickets/{ticket['id']}", {"include": "stats"}).json()["stats"]
    assert stats["first_responded_at"] is None


def test_a_requester_reply_to_a_resolved_ticket_reopens_it(api, create_ticket, add_reply):
    ticket = create_ticket()
    resolved = api.put(f"tickets/{ticket['id']}", {"status": 4}).json()
    assert resolved["status"] == 4
    reply = add_reply(ticket["id"], "<p>It still has not come</p>", user_id=ticket["requester_id"])
    assert reply["incoming"] is True
    assert reply["user_id"] == ticket["requester_id"]
    shown = api.get(f"tickets/{ticket['id']}", {"include": "stats"}).json()
    assert shown["status"] == 2
    assert shown["stats"]["reopened_at"] == reply["created_at"]
    assert shown["stats"]["requester_responded_at"] == reply["created_at"]
    assert shown["stats"]["resolved_at"] is not None


def test_an_agent_reply_to_a_resolved_ticket_keeps_it_resolved(api, create_ticket, add_reply):
    ticket = create_ticket()
    api.put(f"tickets/{ticket['id']}", {"status": 4})
    add_reply(ticket["id"])
    shown = api.get(f"tickets/{ticket['id']}", {"include": "stats"}).json()
    assert shown["status"] == 4
    assert shown["stats"]["reopened_at"] is None


def test_status_changes_fill_resolved_closed_and_pending_stats(api, create_ticket):
    ticket = create_ticket()
    api.put(f"tickets/{ticket['id']}", {"status": 3})
    pending = api.get(f"tickets/{ticket['id']}", {"include": "stats"}).json()["stats"]
    assert pending["pending_since"] is not None
    api.put(f"tickets/{ticket['id']}", {"status": 5})
    closed = api.get(f"tickets/{ticket['id']}", {"include": "stats"}).json()["stats"]
    assert closed["closed_at"] is not None
    assert closed["resolved_at"] is not None
