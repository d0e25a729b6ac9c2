"""What each event of a ticket tells as an activity (/tickets/{id}/activities): the ticket
folded event by event, each activity made from its state before and after."""

from datetime import UTC, datetime
from uuid import uuid4

from shopnest.eventstore.records import RecordedEvent
from tickets.api.activities import activity
from tickets.domain.aggregate import TICKET
from tickets.domain.events import (
    ConversationDeleted,
    NoteEdited,
    TicketDeleted,
    TicketPropertiesChanged,
)

from .ticket_builders import AGENT_ID, REQUESTER_ID, TICKET_ID, at, created, note, reply
from .ticket_builders import status_changed as status

# Where the ticket's first event sits in the store's global order (other streams came first).
FIRST_POSITION = 500


def recorded(events, meta=None):
    """Return `events` as the store reads them back: the ticket's stream, versions from 1."""
    return [
        RecordedEvent(position=FIRST_POSITION + version - 1, tx=1,
                      stream_id=TICKET.stream_id(TICKET_ID),
                      version=version, event_id=uuid4(), type=event.TYPE, schema_version=1,
                      data=event.to_data(), metadata=dict(meta or {}),
                      recorded_at=datetime.now(UTC))
        for version, event in enumerate(events, start=1)
    ]


def activities_of(*events, meta=None):
    """Fold the events as the activities projection does, one activity per event."""
    state, told = TICKET.initial, []
    for record in recorded(events, meta):
        before, state = state, TICKET.evolve(state, record.event)
        told.append(activity(record, before, state))
    return told


def test_creation_lists_every_field_set_as_new():
    [activity] = activities_of(created(tags=["vip"], description=None))

    assert activity["event"] == "TicketCreated"
    assert (activity["performed_at"], activity["actor_id"]) == (at(0), REQUESTER_ID)
    changes = activity["changes"]
    assert changes["id"] == [None, TICKET_ID]
    assert changes["subject"] == [None, "Where is my order?"]
    assert changes["tags"] == [None, ["vip"]]
    assert changes["status"] == [None, 2]
    assert changes["status_updated_at"] == [None, at(0)]
    assert changes["created_at"] == [None, at(0)]
    assert "description" not in changes
    assert "responder_id" not in changes


def test_a_change_lists_old_and_new_values_of_what_moved_only():
    activities = activities_of(
        created(),
        TicketPropertiesChanged(changes={"subject": "Refund"}, at=at(5), actor_id=AGENT_ID),
        status(4, 2, 9),
    )

    assert activities[1]["changes"] == {"subject": ["Where is my order?", "Refund"]}
    assert activities[1]["actor_id"] == AGENT_ID
    assert activities[2]["changes"] == {
        "status": [2, 4],
        "status_updated_at": [at(0), at(9)],
        "resolved_at": [None, at(9)],
    }
    assert [activity["version"] for activity in activities] == [1, 2, 3]


def test_a_description_change_shows_its_text_too():
    [_, activity] = activities_of(
        created(),
        TicketPropertiesChanged(changes={"description": "<p>New</p>"}, at=at(5)),
    )

    assert activity["changes"]["description_text"] == ["Order #1001 has not arrived.", "New"]


def test_a_reply_shows_the_conversation_and_the_stats_it_moved():
    [_, activity] = activities_of(created(), reply(10, 5))

    assert activity["changes"] == {
        "agent_responded_at": [None, at(5)],
        "first_responded_at": [None, at(5)],
    }
    assert activity["conversation"] == {
        "id": 10,
        "kind": "reply",
        "private": False,
        "incoming": False,
        "deleted": False,
        "body_text": "Thanks for waiting.",
    }


def test_note_edits_and_deletions_show_the_conversation_as_it_became():
    activities = activities_of(
        created(),
        note(11, 5),
        NoteEdited(conversation_id=11, body="<p>Edited</p>", body_text="Edited", at=at(6)),
        ConversationDeleted(conversation_id=11, at=at(7)),
    )

    assert activities[1]["changes"] == {}
    assert activities[1]["conversation"]["private"] is True
    assert activities[2]["conversation"]["body_text"] == "Edited"
    assert activities[3]["conversation"]["deleted"] is True


def test_updated_at_never_shows_as_a_change():
    activities = activities_of(created(), TicketDeleted(at=at(5), actor_id=AGENT_ID))

    assert activities[1]["changes"] == {"deleted": [False, True]}


def test_the_actor_can_come_from_the_metadata_when_the_event_has_none():
    [activity] = activities_of(created(actor_id=None), meta={"actor_id": 42})

    assert activity["actor_id"] == 42


def test_an_activity_says_where_it_is_stored_and_how_the_change_came_in():
    meta = {"actor_type": "agent", "via": "api", "correlation_id": "req-1"}

    activities = activities_of(created(), TicketDeleted(at=at(5), actor_id=AGENT_ID), meta=meta)

    assert [(a["id"], a["version"]) for a in activities] == [
        (FIRST_POSITION, 1), (FIRST_POSITION + 1, 2)]
    assert {(a["actor_type"], a["via"], a["correlation_id"]) for a in activities} == {
        ("agent", "api", "req-1")}
