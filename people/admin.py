"""People in the back office: contacts (read-only), companies (people/company_admin.py),
and the Agents and Groups pages of people/back_office/ (admins only).

They change only through commands (the pages' forms, the API, createagent), never by a
model save.
"""

from __future__ import annotations

from django.contrib import admin

from people import company_admin  # noqa: F401  (registers the company pages)
from people.back_office import agents, groups  # noqa: F401  (they register their pages)
from people.models import ContactView
from shopnest.admin_access import AgentReadOnlyMixin


@admin.register(ContactView)
class ContactViewAdmin(AgentReadOnlyMixin, admin.ModelAdmin):
    list_display = ("id", "name", "email", "phone", "mobile", "updated_at")
    search_fields = ("name", "email")
    ordering = ("name", "id")
    show_full_result_count = False
