"""The Agents page: the agents' rows, and command forms to add, edit and deactivate one."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.urls import reverse

from people.back_office.access import AdminOnlyCommandPages
from people.back_office.forms import SCOPE_LABELS, AgentEditForm, AgentForm
from people.back_office.pages import CommandPages, admin_context
from people.domain import roles
from people.domain.agent_changes import DeactivateAgent, UpdateAgent
from people.domain.agents import RegisterAgent
from people.models import AgentProfile
from people.queries.agents import GetAgent
from shopnest.admin_ids import AsciiIdsMixin
from shopnest.mediator import mediator

EDITABLE = ("email", "name", "ticket_scope", "role_ids", "group_ids", "occasional", "signature",
            "phone", "mobile", "job_title", "language", "time_zone", "available")


class AgentChangeList(ChangeList):
    """Rows link to the agent's page by the agent's id (the profile row's own id is no
    name anybody knows)."""

    def url_for_result(self, result) -> str:
        return reverse("admin:people_agentprofile_change", args=(result.user_id,),
                       current_app=self.model_admin.admin_site.name)


@admin.register(AgentProfile)
class AgentAdmin(AdminOnlyCommandPages, CommandPages, AsciiIdsMixin, admin.ModelAdmin):
    list_display = ("user_id", "email", "name", "scope", "roles", "active", "created_at")
    list_filter = ("active", "ticket_scope", "occasional")
    search_fields = ("user__email", "user__first_name", "user__last_name")
    list_select_related = ("user",)
    ordering = ("user__first_name", "user__last_name", "user_id")
    show_full_result_count = False
    actions = None
    reads = ("accounts", "groups")
    create_form = AgentForm
    edit_form = AgentEditForm
    remove_label = "Deactivate agent"

    @admin.display(description="email", ordering="user__email")
    def email(self, profile) -> str:
        return profile.user.email

    @admin.display(description="name")
    def name(self, profile) -> str:
        return profile.user.get_full_name()

    @admin.display(description="ticket scope", ordering="ticket_scope")
    def scope(self, profile) -> str:
        return SCOPE_LABELS.get(profile.ticket_scope, str(profile.ticket_scope))

    @admin.display(description="roles")
    def roles(self, profile) -> str:
        ids = profile.role_ids or roles.default_roles(profile.is_admin)
        return ", ".join(r.name for r in roles.ROLES if r.id in ids)

    def get_changelist(self, request, **kwargs):
        return AgentChangeList

    def current(self, request, object_id):
        return mediator.ask(GetAgent(agent_id=object_id), admin_context(request))

    def initial(self, agent) -> dict:
        values = {name: getattr(agent, name) for name in EDITABLE}
        values["role_ids"], values["group_ids"] = list(agent.role_ids), list(agent.group_ids)
        return values

    def create_command(self, values: dict):
        email, name = values.pop("email"), values.pop("name")
        # A new agent gets a key nobody knows yet: `manage.py issue_api_key` hands one out.
        return RegisterAgent(email=email, name=name, api_key=None, profile=values)

    def update_command(self, object_id: int, changes: dict):
        return UpdateAgent(agent_id=object_id, changes=changes)

    def remove_command(self, object_id: int):
        return DeactivateAgent(agent_id=object_id)
