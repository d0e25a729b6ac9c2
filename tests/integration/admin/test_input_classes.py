"""Back-office input classes that used to be a 500 or were silently misread: numbers in other
than ASCII digits (filters, object ids, hidden form fields, bulk-action selections) and NUL
characters in query parameters, paths and headers."""

from __future__ import annotations

from django import forms
from django.test import Client

from shopnest.admin_forms import AsciiIntegerField
from shopnest.models import EventRecord
from tests.integration.admin.helpers import (
    events_since,
    make_group,
    open_ticket,
    page,
    send,
    version,
)
from tickets.domain.commands import AddNote
from tickets.models import TicketView

QUEUE = "/admin/tickets/ticketview/"
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def answering(client: Client) -> Client:
    """The same logged-in client, answering a server error with a 500 instead of raising."""
    client.raise_request_exception = False
    return client


def listed(client, **params) -> set[int]:
    response = client.get(QUEUE, params)
    assert response.status_code == 200, (params, response.status_code)
    return {ticket.id for ticket in response.context["cl"].result_list}


def properties(ticket_id: int, **changes) -> dict:
    row = TicketView.objects.values().get(id=ticket_id)
    form = {"action": "update", "version": row["version"], "subject": row["subject"] or "",
            "type": "", "status": row["status"], "priority": row["priority"],
            "group_id": row["group_id"] or "", "responder_id": row["responder_id"] or "",
            "tags": ""}
    return {**form, **changes}


def test_the_ascii_integer_field_reads_what_django_reads_in_ascii_and_nothing_else():
    ascii_field, django_field = AsciiIntegerField(), forms.IntegerField()
    for text in ["7", " 7 ", "7.0", "+7", "-7", "0", "9" * 19, "9" * 100]:
        assert ascii_field.clean(text) == django_field.clean(text), text
    for text in ["٣", "１２", "²", "1²", "7.5", "seven", "9" * 101]:
        try:
            ascii_field.clean(text)
        except forms.ValidationError as refused:
            assert refused.messages == ["Enter a whole number."], text
        else:
            raise AssertionError(f"{text!r} was read as a number")


def test_agent_and_group_filters_in_other_than_ascii_digits_filter_nothing(client, agent):
    group = make_group()
    mine = open_ticket("Mine, in a group", responder_id=agent.id, group_id=group)
    other = open_ticket("Nobody's")
    client = answering(client)
    everything = {mine, other}
    for value in ["²", "1²", "٣", "３", str(agent.id).translate(ARABIC_INDIC),
                  str(group).translate(ARABIC_INDIC)]:
        assert listed(client, agent=value) == everything, value
        assert listed(client, group=value) == everything, value
    # ASCII digits still filter.
    assert listed(client, agent=agent.id) == {mine}
    assert listed(client, group=group) == {mine}


def test_a_ticket_page_id_in_other_than_ascii_digits_is_a_404(client):
    ticket_id = open_ticket()
    client = answering(client)
    for object_id in ["²", "1²", str(ticket_id).translate(ARABIC_INDIC),
                      str(ticket_id).translate(FULLWIDTH)]:
        assert client.get(f"{QUEUE}{object_id}/change/").status_code == 404, object_id
    assert client.get(page(ticket_id)).status_code == 200


def test_other_back_office_ids_in_other_than_ascii_digits_name_no_row(client):
    open_ticket()
    position = EventRecord.objects.order_by("position").values_list("position", flat=True)[0]
    client = answering(client)
    url = "/admin/shopnest/eventrecord/{}/change/"
    assert client.get(url.format(position)).status_code == 200
    for object_id in [str(position).translate(ARABIC_INDIC), "²"]:
        response = client.get(url.format(object_id))
        # Django's answer for an id that names no row: back to the index, with a message.
        assert (response.status_code, response.get("Location")) == (302, "/admin/"), object_id


def test_a_version_in_other_than_ascii_digits_is_a_form_error_not_an_update(client):
    ticket_id = open_ticket()
    before = version(ticket_id)
    client = answering(client)
    for value in ["²", str(before).translate(ARABIC_INDIC), "9" * 5000]:
        response = client.post(page(ticket_id), properties(ticket_id, version=value, priority=4))
        assert response.status_code == 200, value
        assert response.context["properties_form"].errors == {"version": ["Enter a whole number."]}
    assert events_since(ticket_id, before) == []


def test_a_group_in_other_than_ascii_digits_is_a_form_error_not_an_update(client):
    ticket_id = open_ticket()
    before = version(ticket_id)
    client = answering(client)
    for value in ["²", "٣", "３"]:
        response = client.post(page(ticket_id), properties(ticket_id, group_id=value))
        assert response.status_code == 200, value
        assert list(response.context["properties_form"].errors) == ["group_id"], value
    assert events_since(ticket_id, before) == []


def test_a_conversation_id_in_other_than_ascii_digits_touches_no_note(client, agent):
    ticket_id = open_ticket()
    note = send(AddNote(ticket_id=ticket_id, body="<p>warehouse checked</p>"))
    conversation_id = str(note.result["conversation"]["id"])
    before = version(ticket_id)
    client = answering(client)
    for value in [conversation_id.translate(ARABIC_INDIC), "²"]:
        edit = client.post(page(ticket_id), {"action": "edit_note", "conversation_id": value,
                                             "body": "rewritten"})
        delete = client.post(page(ticket_id), {"action": "delete_conversation",
                                               "conversation_id": value})
        assert (edit.status_code, delete.status_code) == (200, 200), value
    assert events_since(ticket_id, before) == []


# -- NUL in query parameters, the path and headers: a 400 before any page ------------------

def test_a_nul_in_any_changelist_parameter_is_a_400(client):
    open_ticket()
    client = answering(client)
    pages = {
        QUEUE: ("agent", "group", "status__exact", "queue", "q", "p", "o"),
        "/admin/shopnest/eventrecord/": ("stream", "type", "q"),
        "/admin/shopnest/streamrecord/": ("q", "stream_type__exact"),
        "/admin/tickets/conversationview/": ("kind__exact", "q"),
        "/admin/people/contactview/": ("q",),
    }
    answers = [((url, name, value), client.get(url, {name: value}).status_code)
               for url, names in pages.items() for name in names
               for value in ("\x00", "ticket-\x00")]
    bad = [(what, status) for what, status in answers if status != 400]
    assert not bad, f"answered wrongly: {bad}"


def test_a_nul_in_an_object_path_is_a_400(client):
    ticket_id = open_ticket()
    client = answering(client)
    for url in (f"/admin/shopnest/streamrecord/ticket-{ticket_id}%00/change/",
                "/admin/shopnest/eventrecord/%00/change/", f"{QUEUE}%00/change/"):
        assert client.get(url).status_code == 400, url


def test_a_nul_in_a_header_of_a_back_office_request_is_a_400(client):
    ticket_id = open_ticket()
    before = version(ticket_id)
    client = answering(client)
    assert client.get(QUEUE, HTTP_X_REQUEST_ID="a\x00b").status_code == 400
    response = client.post(page(ticket_id), {"action": "reply", "body": "hello"},
                           HTTP_X_CORRELATION_ID="\x00")
    assert response.status_code == 400
    assert events_since(ticket_id, before) == []


def test_a_bulk_action_on_ids_in_other_than_ascii_digits_changes_no_ticket(client):
    mine, other = open_ticket("Mine"), open_ticket("Other")
    seen = {mine: version(mine), other: version(other)}
    client = answering(client)
    for selection in (["²", str(mine)], [str(other).translate(ARABIC_INDIC)], ["1²"]):
        response = client.post(QUEUE, {"action": "close_tickets", "_selected_action": selection})
        assert (response.status_code, response.get("Location")) == (302, QUEUE), selection
    assert events_since(mine, seen[mine]) == [] and events_since(other, seen[other]) == []
    closed = client.post(QUEUE, {"action": "close_tickets", "_selected_action": [str(mine)]})
    assert closed.status_code == 302
    assert [e.type for e in events_since(mine, seen[mine])] == ["TicketStatusChanged"]
