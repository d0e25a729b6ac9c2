"""Back-office access shared by every app's admin: agents may look, nobody edits rows."""

from __future__ import annotations

from django.contrib.admin.utils import unquote
from django.db import models

from shopnest.accounts.access import is_agent
from shopnest.api.integers import parse_integer


class AgentReadOnlyMixin:
    """Agents see these pages without per-model Django permissions; no add, change or delete
    (history and read tables change only through commands and projections)."""

    def get_object(self, request, object_id, from_field=None):
        # Django reads an integer key with int(), which takes "٣" for 3: only ASCII digits
        # name a row here, as they do in the API.
        field = self.model._meta.get_field(from_field) if from_field else self.model._meta.pk
        key = getattr(field, "target_field", field)  # a one-to-one key holds the other's id
        if isinstance(key, models.IntegerField) and parse_integer(unquote(object_id)) is None:
            return None
        return super().get_object(request, object_id, from_field)

    def has_module_permission(self, request) -> bool:
        return is_agent(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_agent(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
