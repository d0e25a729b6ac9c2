"""People in the back office: agents (read-only), contacts (people/contact_admin.py) and
companies (people/company_admin.py), read from their read tables.

They change only through commands (createagent, the API, the contact and company pages'
forms), never by a model save.
"""

from __future__ import annotations

from django.contrib import admin

from people import (
    company_admin,  # noqa: F401 (registers the company pages)
    contact_admin,  # noqa: F401 (registers the Contacts page)
)
from people.models import AgentProfile
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
