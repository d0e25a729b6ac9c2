"""The back office never edits a read table or the event store by hand."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from tests.integration.admin.helpers import logged_in, make_agent, open_ticket, stream

READ_ONLY = ["shopnest/eventrecord", "shopnest/streamrecord", "shopnest/projectionstate",
             "tickets/conversationview"]
DESK_TABLES = ("es_", "shopnest_", "tickets_", "people_", "auth_user")


@pytest.fixture
def boss():
    """An admin agent (a superuser): the most powerful user of the back office."""
    return make_agent("Bea Boss", admin=True)


def first_pk(model_path: str) -> str:
    app_label, model_name = model_path.split("/")
    model = next(m for m in admin.site._registry
                 if (m._meta.app_label, m._meta.model_name) == (app_label, model_name))
    return str(model.objects.values_list("pk", flat=True).first())


def desk_writes(queries) -> list[str]:
    """The SQL statements of a request that wrote to the desk's tables."""
    return [q["sql"] for q in queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "TRUNCATE"))
            and any(f'"{t}' in q["sql"] or f" {t}" in q["sql"] for t in DESK_TABLES)]


@pytest.mark.parametrize("model_path", READ_ONLY)
def test_adding_deleting_or_saving_a_row_by_hand_is_refused_and_writes_nothing(boss, model_path):
    open_ticket(by=boss)
    client = logged_in(boss)
    row = f"/admin/{model_path}/{first_pk(model_path)}"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/admin/{model_path}/add/").status_code == 403
        assert client.post(f"/admin/{model_path}/add/", {}).status_code == 403
        assert client.post(f"{row}/delete/", {"post": "yes"}).status_code == 403
        saved = client.post(f"{row}/change/", {})
    assert desk_writes(queries) == []
    assert saved.status_code == 403


def test_the_ticket_page_cannot_delete_a_ticket_row_by_hand(boss):
    ticket_id = open_ticket(by=boss)
    client = logged_in(boss)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/admin/tickets/ticketview/{ticket_id}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert desk_writes(queries) == []
    assert [e.type for e in stream(ticket_id)] == ["TicketCreated"]


def test_the_contact_page_adds_and_deletes_no_row_and_a_bare_post_writes_nothing(boss):
    open_ticket(by=boss)  # its requester is a contact
    client = logged_in(boss)
    row = f"/admin/people/contactview/{first_pk('people/contactview')}"
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/people/contactview/add/").status_code == 403
        assert client.post("/admin/people/contactview/add/", {}).status_code == 403
        assert client.post(f"{row}/delete/", {"post": "yes"}).status_code == 403
        saved = client.post(f"{row}/change/", {})
    assert desk_writes(queries) == []
    assert "Unknown action." in saved.content.decode()


def test_no_admin_of_the_desk_grants_delete_permission(boss):
    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.get(id=boss.id)
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in {"shopnest", "tickets", "people"}:
            assert model_admin.has_delete_permission(request) is False, model
            assert model_admin.has_delete_permission(request, model()) is False, model


def test_the_ticket_queue_offers_bulk_commands_but_no_delete_selected(boss):
    open_ticket(by=boss)
    response = logged_in(boss).get("/admin/tickets/ticketview/")
    assert response.status_code == 200
    actions = [value for value, _ in response.context["action_form"].fields["action"].choices]
    assert "delete_selected" not in actions
    assert {"assign_to_me", "close_tickets", "mark_spam", "set_priority_urgent"} <= set(actions)
