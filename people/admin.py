"""People in the back office: agents and contacts, read from their read tables (read-only),
and companies (people/company_admin.py).

They change only through commands (createagent, the API, the company pages' forms), never by
a model save.
"""

from __future__ import annotations

from django.contrib import admin

from people import company_admin  # noqa: F401  (registers the company pages)
from people.models import AgentProfile, ContactView
from shopnest.admin_access import AgentReadOnlyMixin


@admin.register(AgentProfile)
class AgentProfileAdmin(AgentReadOnlyMixin, admin.ModelAdmin):
    list_display = ("user_id", "email", "name", "is_admin", "created_at")
    list_select_related = ("user",)

    @admin.display(description="email", ordering="user__email")
    def email(self, profile) -> str:
        return profile.user.email

    @admin.display(description="name")
    def name(self, profile) -> str:
        return profile.user.get_full_name()


@admin.register(ContactView)
class ContactViewAdmin(AgentReadOnlyMixin, admin.ModelAdmin):
    list_display = ("id", "name", "email", "phone", "mobile", "updated_at")
    search_fields = ("name", "email")
    ordering = ("name", "id")
    show_full_result_count = False
