"""The Groups page: the groups' rows, and command forms to add, edit and delete one."""

from __future__ import annotations

from django.contrib import admin

from people.back_office.access import AdminOnlyCommandPages
from people.back_office.forms import GroupForm
from people.back_office.pages import CommandPages, admin_context
from people.domain.groups import GROUP_FIELDS, CreateGroup, DeleteGroup, UpdateGroup
from people.models import GroupView
from people.queries.groups import GetGroup
from shopnest.admin_ids import AsciiIdsMixin
from shopnest.mediator import mediator


@admin.register(GroupView)
class GroupAdmin(AdminOnlyCommandPages, CommandPages, AsciiIdsMixin, admin.ModelAdmin):
    list_display = ("id", "name", "description", "unassigned_for", "auto_ticket_assign",
                    "updated_at")
    search_fields = ("name",)
    ordering = ("name", "id")
    show_full_result_count = False
    actions = None
    reads = ("groups", "accounts")
    create_form = GroupForm
    edit_form = GroupForm
    remove_label = "Delete group"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(deleted=False)

    def current(self, request, object_id):
        return mediator.ask(GetGroup(group_id=object_id), admin_context(request))

    def initial(self, found) -> dict:
        values = {name: getattr(found.group, name) for name in GROUP_FIELDS}
        return {**values, "agent_ids": list(found.agent_ids)}

    def create_command(self, values: dict):
        return CreateGroup(fields=values)

    def update_command(self, object_id: int, changes: dict):
        return UpdateGroup(group_id=object_id, changes=changes)

    def remove_command(self, object_id: int):
        return DeleteGroup(group_id=object_id)
