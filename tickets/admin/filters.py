"""Changelist filters of the ticket queue (cheap: none of them scans the ticket table)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model

from shopnest.admin_distinct import distinct_values
from shopnest.api.integers import parse_integer


class QueueFilter(admin.SimpleListFilter):
    """Active tickets by default, as the API lists them; spam and trash on request."""

    title = "queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("spam", "Spam"), ("deleted", "Trash"), ("all", "Everything")]

    def choices(self, changelist):
        yield {"selected": self.value() is None, "query_string": changelist.get_query_string(
            remove=[self.parameter_name]), "display": "Active"}
        for value, label in self.lookup_choices:
            yield {"selected": self.value() == value,
                   "query_string": changelist.get_query_string({self.parameter_name: value}),
                   "display": label}

    def queryset(self, request, queryset):
        value = self.value()
        if value == "spam":
            return queryset.filter(spam=True, deleted=False)
        if value == "deleted":
            return queryset.filter(deleted=True)
        if value == "all":
            return queryset
        return queryset.filter(spam=False, deleted=False)


class AgentFilter(admin.SimpleListFilter):
    title = "agent"
    parameter_name = "agent"

    def lookups(self, request, model_admin):
        users = get_user_model().objects.filter(agent__isnull=False).order_by("first_name")
        return [("none", "Unassigned")] + [(str(u.id), u.get_full_name() or u.email) for u in users]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(responder_id__isnull=True)
        agent_id = parse_integer(value)
        if agent_id is not None:
            return queryset.filter(responder_id=agent_id)
        return queryset


class GroupFilter(admin.SimpleListFilter):
    """Groups by number until the people app brings named groups."""

    title = "group"
    parameter_name = "group"

    def lookups(self, request, model_admin):
        groups = distinct_values(model_admin.model._meta.db_table, "group_id", limit=100)
        return [("none", "No group")] + [(str(g), f"Group {g}") for g in groups]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(group_id__isnull=True)
        group_id = parse_integer(value)
        if group_id is not None:
            return queryset.filter(group_id=group_id)
        return queryset
