"""GET /api/v2/events: the whole log, page by page, in commit-safe order, resumable from any
cursor with no gap and no repeat; what each event carries; bad input is a 400."""

from __future__ import annotations

from shopnest.feed import visibility
from tests.integration.admin.helpers import held_horizon
from tests.integration.api.conftest import Api, make_agent, new_ticket_body
from tests.integration.api.test_agents import make_admin

from .conftest import read_feed, stored_log

EVENT_FIELDS = {"event_id", "stream_type", "stream_id", "version", "type", "schema_version",
                "data", "metadata", "recorded_at"}


def _desk_activity(api: Api, tickets: int = 3) -> None:
    for n in range(tickets):
        ticket = api.post("tickets", new_ticket_body(subject=f"Order {n}")).json()
        assert api.post(f"tickets/{ticket['id']}/reply", {"body": "<p>On its way</p>"}
                        ).status_code == 201
        assert api.put(f"tickets/{ticket['id']}", {"priority": 3}).status_code == 200


def _ids(events) -> list[str]:
    return [event["event_id"] for event in events]


def _log() -> list[str]:
    return [event_id for event_id, _ in stored_log(visibility.stream_types())]


def test_paging_with_small_limits_gives_an_admin_the_whole_log_in_order():
    admin = Api(make_admin().key)
    _desk_activity(admin)

    events, _ = read_feed(admin, limit=2)

    assert _ids(events) == _log()
    assert {e["stream_type"] for e in events} >= {"ticket", "contact", "agent"}
    assert len(events) > 10


def test_resuming_from_the_last_cursor_gives_exactly_what_was_appended_since():
    admin = Api(make_admin().key)
    _desk_activity(admin, tickets=1)
    first, cursor = read_feed(admin, limit=3)
    assert read_feed(admin, after=cursor)[0] == [], "a poll with nothing new returns nothing"

    _desk_activity(admin, tickets=2)
    second, cursor = read_feed(admin, limit=3, after=cursor)
    third, _ = read_feed(admin, after=cursor)

    assert _ids(first + second) == _log()
    assert second and third == []


def test_an_open_appending_transaction_holds_the_feed_back_and_then_nothing_is_lost():
    admin = Api(make_admin().key)
    _desk_activity(admin, tickets=1)
    before, cursor = read_feed(admin, limit=5)
    with held_horizon():
        # Committed while an older appender is still open: not readable yet.
        _desk_activity(admin, tickets=1)
        held, held_cursor = read_feed(admin, limit=5, after=cursor)
        assert held == []
    after, _ = read_feed(admin, limit=5, after=held_cursor)

    assert after and _ids(before + after) == _log()


def test_each_event_says_what_it_is_and_shows_only_who_acted_and_through_what():
    admin = Api(make_admin().key)
    ticket = admin.post("tickets", new_ticket_body(), HTTP_X_REQUEST_ID="req-secret-1").json()

    events, _ = read_feed(admin, stream_type="ticket")

    (created,) = [e for e in events if e["type"] == "TicketCreated"]
    assert set(created) == EVENT_FIELDS
    assert created["stream_id"] == f"ticket-{ticket['id']}" and created["version"] == 1
    assert created["data"]["ticket_id"] == ticket["id"]
    assert created["metadata"] == {"actor_id": created["metadata"]["actor_id"],
                                   "actor_type": "agent", "via": "api"}
    assert created["recorded_at"].endswith("Z")
    assert "req-secret-1" not in str(events) and "_sealed" not in str(events)


def test_stream_type_keeps_only_that_types_events():
    admin = Api(make_admin().key)
    _desk_activity(admin, tickets=1)

    tickets, _ = read_feed(admin, stream_type="ticket")
    contacts, _ = read_feed(admin, stream_type="contact", limit=1)

    assert tickets and {e["stream_type"] for e in tickets} == {"ticket"}
    assert contacts and {e["stream_type"] for e in contacts} == {"contact"}


def test_the_next_link_keeps_the_callers_parameters():
    admin = Api(make_admin().key)
    _desk_activity(admin, tickets=2)

    response = admin.get("events", {"limit": 1, "stream_type": "ticket"})

    link = response["Link"]
    assert "limit=1" in link and "stream_type=ticket" in link and 'rel="next"' in link


def test_any_agent_may_read_the_feed_and_an_unknown_key_may_not():
    assert Api("no-such-key").get("events").status_code == 401
    assert Api(make_agent().key).get("events").status_code == 200
