"""The event browser and the projections page of the back office."""

from __future__ import annotations

from django.db import connection

from shopnest.mediator import MessageContext, mediator
from shopnest.models import EventRecord, ProjectionState
from tests.integration.admin.helpers import (
    held_horizon,
    logged_in,
    make_agent,
    open_ticket,
    send,
    stream,
    submit,
    table_rows,
)
from tickets.domain.commands import AddNote

EVENTS = "/admin/shopnest/eventrecord/"
PROJECTIONS = "/admin/shopnest/projectionstate/"


def listed_events(client, **params) -> list[EventRecord]:
    response = client.get(EVENTS, params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_the_event_browser_filtered_by_stream_lists_only_that_streams_events(client):
    mine = open_ticket()
    other = open_ticket()
    submit(client, mine, "note", body="First look.", private="on")
    send(AddNote(ticket_id=other, body="Elsewhere"))
    events = listed_events(client, stream=f"ticket-{mine}")
    assert [(e.stream_id, e.version) for e in events] == [
        (f"ticket-{mine}", e.version) for e in reversed(stream(mine))]
    assert [e.type for e in events] == ["NoteAdded", "TicketCreated"]


def test_the_event_browser_filtered_by_type_lists_only_that_type(client):
    first, second = open_ticket(), open_ticket()
    submit(client, first, "note", body="One", private="on")
    submit(client, second, "note", body="Two", private="on")
    submit(client, second, "reply", body="Three")
    events = listed_events(client, type="NoteAdded")
    assert {e.type for e in events} == {"NoteAdded"}
    assert sorted(e.stream_id for e in events) == sorted([f"ticket-{first}", f"ticket-{second}"])
    both = listed_events(client, type="NoteAdded", stream=f"ticket-{second}")
    assert [(e.stream_id, e.type) for e in both] == [(f"ticket-{second}", "NoteAdded")]


def test_the_event_browser_shows_who_wrote_an_event_and_through_what(client, agent):
    ticket_id = open_ticket()
    submit(client, ticket_id, "note", body="Audit me", private="on")
    html = client.get(EVENTS, {"stream": f"ticket-{ticket_id}", "type": "NoteAdded"}).content.decode()
    assert f'<td class="field-actor">{agent.email}</td>' in html
    assert '<td class="field-via">admin</td>' in html
    note = EventRecord.objects.get(stream_id=f"ticket-{ticket_id}", type="NoteAdded")
    detail = client.get(f"{EVENTS}{note.position}/change/").content.decode()
    assert "Audit me" in detail and "&quot;via&quot;: &quot;admin&quot;" in detail


def projection_rows(client) -> dict[str, dict[str, str]]:
    """The projections page as {name: {column: text}}."""
    return {row["name"]: row for row in table_rows(client.get(PROJECTIONS).content.decode())}


def test_the_projections_page_lists_each_projection_with_checkpoint_and_no_lag(
        client, background_sweep):
    open_ticket()
    background_sweep.stop()  # the checkpoints stay where they are while we compare
    rows = projection_rows(client)
    # One row per projection that has run (the sweep runs every one of them, now and then).
    assert set(rows) == set(ProjectionState.objects.values_list("name", flat=True))
    assert set(rows) >= {"accounts", "tickets", "contacts"}
    for state in ProjectionState.objects.all():
        assert rows[state.name]["checkpoint"] == f"{state.tx}:{state.position}"
        assert rows[state.name]["lag_events"] == "0"
        assert rows[state.name]["status"] == "Running"


def test_the_projections_page_counts_the_events_a_projection_has_not_applied_yet(client):
    ticket_id = open_ticket()
    with held_horizon():
        for body in ("one", "two"):
            mediator.send(AddNote(ticket_id=ticket_id, body=body), MessageContext(via="api"))
        rows = projection_rows(client)
    assert rows["tickets"]["lag_events"] == "2"
    assert rows["contacts"]["lag_events"] == "0"


def stall(name: str) -> None:
    """Test setup: the state the runner leaves after a handler failed N times."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE shopnest_projection_state SET status = 'stalled', failures = 5, "
                       "last_error = 'boom' WHERE name = %s", [name])


def test_an_admin_resumes_a_stalled_projection(client):
    open_ticket()
    stall("contacts")
    boss = logged_in(make_agent("Bea Boss", admin=True))
    response = boss.post(PROJECTIONS, {"action": "resume", "_selected_action": ["contacts"],
                                       "index": 0}, follow=True)
    assert "Stalled projections resumed" in response.content.decode()
    state = ProjectionState.objects.get(name="contacts")
    assert (state.status, state.failures) == ("running", 0)


def test_an_agent_who_is_not_an_admin_cannot_resume_a_projection(client):
    open_ticket()
    stall("contacts")
    assert client.get(PROJECTIONS).context["action_form"] is None  # no action offered
    client.post(PROJECTIONS, {"action": "resume", "_selected_action": ["contacts"], "index": 0})
    assert ProjectionState.objects.get(name="contacts").status == "stalled"
