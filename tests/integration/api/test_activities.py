"""GET /tickets/{id}/activities: a ticket's history (§2, §9), served from the activity
tables, byte for byte what a fold of its events says. (Who may read it: the authorization
matrix and the customer tests.)"""

from __future__ import annotations

import re

import pytest

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


# -- served from the activity tables ---------------------------------------------------------

def _busy_ticket(api, agent, create_ticket, add_reply, add_note) -> int:
    """A ticket that went through every kind of change the API can make."""
    from tests.integration.api.conftest import make_group

    ticket = create_ticket(subject="Lamp broken", priority=2, tags=["order", "vip"],
                           type="Problem", cc_emails=["neighbour@example.com"],
                           due_by="2031-01-02T10:00:00Z", fr_due_by="2031-01-01T10:00:00Z",
                           custom_fields={"cf_order": 1001, "cf_note": "fragile",
                                          "cf_weight": 1.5})
    tid, requester = ticket["id"], ticket["requester_id"]
    group = make_group()
    steps = [
        ("put", f"tickets/{tid}", {"status": 3, "priority": 4, "subject": "Lamp arrived broken",
                                   "description": "<p>Glass <b>shattered</b></p>",
                                   "tags": ["order"], "responder_id": agent.id,
                                   "group_id": group, "custom_fields": {"cf_note": "glass"}}),
        ("put", f"tickets/{tid}", {"status": 4}),
        ("put", f"tickets/{tid}", {"status": 5}),
        ("put", f"tickets/{tid}", {"status": 2, "responder_id": None, "group_id": None}),
        ("put", f"tickets/{tid}", {"email": "someone.else@example.com"}),
        ("put", f"tickets/{tid}", {"requester_id": requester}),
        ("post", f"tickets/{tid}/watch", {}),
        ("put", f"tickets/{tid}/unwatch", {}),
        ("put", f"tickets/{tid}/spam", None),
        ("put", f"tickets/{tid}/unspam", None),
        ("delete", f"tickets/{tid}", None),
        ("put", f"tickets/{tid}/restore", None),
    ]
    for method, path, body in steps:
        response = api.delete(path) if method == "delete" else getattr(api, method)(path, body)
        assert response.status_code in (200, 204), (path, response.content)
    add_reply(tid, "<p>A new lamp is on its way.</p>")
    add_reply(tid, "<p>Thanks!</p>", user_id=requester)
    private = add_note(tid, "<p>Courier claim 77</p>")
    add_note(tid, "<p>Seen by the customer</p>", private=False)
    assert api.put(f"conversations/{private['id']}", {"body": "<p>Claim 78</p>"}).status_code == 200
    assert api.delete(f"conversations/{private['id']}").status_code == 204
    return tid


def _fold(ticket_id: int) -> list[dict]:
    """What the endpoint answered when it folded the ticket's events on each request (the
    fold now lives in the projection, shopnest/projections/history.py; an earlier version of
    this test compared the answer with the request-path fold itself, before it was removed)."""
    from tests.integration.projections.activities import fresh_activities

    return [activity for _, activity in sorted(fresh_activities(ticket_id).items())]


@pytest.fixture
def busy(api, agent, create_ticket, add_reply, add_note) -> int:
    return _busy_ticket(api, agent, create_ticket, add_reply, add_note)


def test_the_answer_from_the_tables_is_byte_for_byte_the_fold_of_the_events(api, busy):
    from shopnest.api.renderers import FreshdeskJSONRenderer

    response = api.get(f"tickets/{busy}/activities")

    fold = _fold(busy)
    assert response.content == FreshdeskJSONRenderer().render({"activities": fold})
    events = {a["event"] for a in fold}
    assert len(events) >= 17 and len(fold) >= 25, sorted(events)


def test_reading_the_history_folds_nothing_and_reads_no_event(busy):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shopnest.eventstore import store
    from tests.integration.api.conftest import Api, make_agent

    reader = Api(make_agent("Reader").key)  # wrote nothing: no read-your-writes wait
    with CaptureQueriesContext(connection) as queries:
        response = reader.get(f"tickets/{busy}/activities")
        paged = reader.get(f"tickets/{busy}/activities", {"page": 2, "per_page": 5})

    assert (response.status_code, paged.status_code) == (200, 200)
    assert [q["sql"] for q in queries.captured_queries if "es_events" in q["sql"]
            or "es_streams" in q["sql"]] == []
    with CaptureQueriesContext(connection) as folding:  # what the request path used to do
        store.read_stream(f"ticket-{busy}")
    assert len([q for q in folding.captured_queries if "es_events" in q["sql"]]) == 1
    assert any("tickets_activity_view" in q["sql"] for q in queries.captured_queries)


def test_the_answer_is_what_the_tables_hold(api, busy):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("UPDATE tickets_activity_view SET via = 'carrier pigeon' "
                       "WHERE ticket_id = %s AND version = 2", [busy])

    assert activities(api, busy)[1]["via"] == "carrier pigeon"


def test_pages_of_the_history_add_up_to_the_whole_of_it(api, busy):
    whole = activities(api, busy)
    pages, page, links = [], 1, []
    while True:
        response = api.get(f"tickets/{busy}/activities", {"page": page, "per_page": 7})
        assert response.status_code == 200
        pages += response.json()["activities"]
        links.append(response.get("Link"))
        if "Link" not in response:
            break
        assert f"page={page + 1}" in response["Link"] and "per_page=7" in response["Link"]
        page += 1

    assert pages == whole
    assert [len(p) for p in [whole[i:i + 7] for i in range(0, len(whole), 7)]][-1] == \
        len(whole) - 7 * (page - 1)
    assert links[-1] is None and all(links[:-1])


def test_a_page_alone_or_per_page_alone_pages_the_history(api, busy):
    whole = activities(api, busy)
    first = api.get(f"tickets/{busy}/activities", {"per_page": 3})
    default_size = api.get(f"tickets/{busy}/activities", {"page": 1})
    third = api.get(f"tickets/{busy}/activities", {"page": 3, "per_page": 4})
    beyond = api.get(f"tickets/{busy}/activities", {"page": 999, "per_page": 100})

    assert 3 < len(whole) <= 30  # so that the default page of 30 holds all of it
    assert first.json()["activities"] == whole[:3] and 'rel="next"' in first["Link"]
    assert (default_size.json()["activities"], default_size.get("Link")) == (whole, None)
    assert third.json()["activities"] == whole[8:12]
    assert (beyond.status_code, beyond.json(), beyond.get("Link")) == (
        200, {"activities": []}, None)


@pytest.mark.parametrize("params", [{"per_page": 0}, {"per_page": 101}, {"page": "x"},
                                    {"page": "-1"}, {"per_page": "²"}])
def test_bad_paging_is_a_400(api, create_ticket, params):
    ticket = create_ticket()

    response = api.get(f"tickets/{ticket['id']}/activities", params)

    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["field"] == next(iter(params))


def test_an_agent_reads_the_history_of_their_own_note_at_once(api, create_ticket):
    from tests.integration.admin.helpers import held_horizon
    from tickets.models import ActivityView

    ticket = create_ticket()
    with held_horizon() as horizon:
        note = api.post(f"tickets/{ticket['id']}/notes", {"body": "<p>just now</p>"})
        assert note.status_code == 201
        assert not ActivityView.objects.filter(ticket_id=ticket["id"], version=2).exists()
        horizon.release_in(0.3)
        response = api.get(f"tickets/{ticket['id']}/activities")

    assert response["X-Consistency"] == "consistent"
    assert [a["event"] for a in response.json()["activities"]] == ["TicketCreated", "NoteAdded"]
