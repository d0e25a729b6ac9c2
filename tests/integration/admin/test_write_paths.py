"""No admin page is a write path around the event store (DESIGN: "The write path is the only
write path").

Every ModelAdmin registered on the site is walked as the most powerful user there is, a
superuser agent: none may offer add, change or delete, because Django's own views would save
or delete the row by hand. The exceptions are pages that never use those views for writing:

- tickets.TicketView: its add_view and change_view are its own; they turn each form into a
  command and send it through the mediator (tickets/admin/tickets.py), and its list actions
  send one command per ticket (tickets/admin/actions.py). It never deletes a row.
- people.AgentProfile and people.GroupView (the Agents and Groups pages, admins only): their
  add_view and change_view are their own (people/back_office/pages.py); each form becomes
  RegisterAgent / UpdateAgent / DeactivateAgent or CreateGroup / UpdateGroup / DeleteGroup.
- people.CompanyView: its add_view and change_view are its own too (people/company_admin.py):
  each form sends CreateCompany, UpdateCompany or DeleteCompany through the mediator.
- people.ContactView: its change_view is its own; it turns the contact page's forms (edit,
  delete, restore) into commands sent through the mediator (people/contact_admin.py). It
  never adds or deletes a row.
- shopnest.ProjectionState: "change" on the list only, for its one action, "resume", which
  clears the stalled flag in the kernel's checkpoint table (runner.resume). That table is the
  projection engine's bookkeeping, not domain state; no row is ever saved from a form.

Django's User and Group admins (registered by django.contrib.auth) are gone: auth_user and
shopnest_agent are read tables that only the accounts projection writes.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import RequestFactory

from tests.integration.admin.helpers import logged_in, make_agent

# model label → (add, change the list, change a row) the page may offer; delete never.
COMMAND_PAGES = {
    "tickets.TicketView": (True, True, True),
    "people.AgentProfile": (True, True, True),
    "people.GroupView": (True, True, True),
    "people.CompanyView": (True, True, True),
    "people.ContactView": (False, True, True),
    "shopnest.ProjectionState": (False, True, False),
}
# model label → the list actions a page may offer (each sends commands, or resumes a
# projection); any other page offers none, in particular not Django's "delete_selected".
ALLOWED_ACTIONS = {
    "tickets.TicketView": {"assign_to_me", "close_tickets", "mark_spam", "set_priority_low",
                           "set_priority_medium", "set_priority_high", "set_priority_urgent"},
    "shopnest.ProjectionState": {"resume"},
}


@pytest.fixture
def boss():
    """An admin agent (a superuser): the most powerful user of the back office."""
    return make_agent("Bea Boss", admin=True)


@pytest.fixture
def boss_request(boss):
    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.get(id=boss.id)
    assert request.user.is_superuser
    return request


def _registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def test_no_registered_admin_offers_add_change_or_delete_outside_the_command_pages(boss_request):
    offered = {}
    for model, model_admin in _registered():
        row = model()
        offered[model._meta.label] = (
            model_admin.has_add_permission(boss_request),
            model_admin.has_change_permission(boss_request),
            model_admin.has_change_permission(boss_request, row),
            model_admin.has_delete_permission(boss_request)
            or model_admin.has_delete_permission(boss_request, row),
        )

    expected = {label: (*COMMAND_PAGES.get(label, (False, False, False)), False)
                for label in offered}
    assert offered == expected


def test_no_registered_admin_offers_a_list_action_outside_the_allowed_ones(boss_request):
    offered = {model._meta.label: set(model_admin.get_actions(boss_request))
               for model, model_admin in _registered()}

    assert offered == {label: ALLOWED_ACTIONS.get(label, set()) for label in offered}


def test_no_registered_admin_saves_rows_from_its_list(boss_request):
    # list_editable turns the changelist into a formset that saves rows by hand.
    editable = {model._meta.label: model_admin.get_list_display(boss_request)
                for model, model_admin in _registered() if model_admin.list_editable}
    assert editable == {}


@pytest.mark.parametrize("label", ["tickets.TicketView", "people.CompanyView",
                                   "people.ContactView"])
def test_the_command_pages_use_views_of_their_own_for_every_write(label):
    page = admin.site._registry[next(m for m in admin.site._registry if m._meta.label == label)]
    # Django's changeform_view (behind both) would save the row with the ORM.
    if label != "people.ContactView":  # the contact page adds nothing
        assert type(page).add_view is not admin.ModelAdmin.add_view
    assert type(page).change_view is not admin.ModelAdmin.change_view


def test_djangos_user_and_group_admins_are_not_registered():
    assert not admin.site.is_registered(get_user_model())
    assert not admin.site.is_registered(Group)


@pytest.mark.parametrize("path", ["/admin/auth/user/", "/admin/auth/user/add/",
                                  "/admin/auth/group/", "/admin/auth/group/add/"])
def test_the_user_and_group_pages_are_not_found(boss, path):
    assert logged_in(boss).get(path).status_code == 404


def test_a_users_change_delete_and_set_password_pages_are_not_found(boss):
    client = logged_in(boss)
    for page in ("change", "delete", "password"):
        assert client.get(f"/admin/auth/user/{boss.id}/{page}/").status_code == 404, page


def test_the_admin_index_lists_no_authentication_app(boss):
    index = logged_in(boss).get("/admin/")
    assert index.status_code == 200
    assert "/admin/auth/" not in index.content.decode()


def test_posting_a_new_user_creates_no_row(boss):
    users = get_user_model().objects
    before = users.count()
    response = logged_in(boss).post("/admin/auth/user/add/", {
        "username": "sneaky@example.com", "password1": "Xy9-long-pass", "password2":
        "Xy9-long-pass", "usable_password": "true"})
    assert response.status_code == 404
    assert users.count() == before
