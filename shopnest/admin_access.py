"""Back-office access shared by every app's admin: agents may look, nobody edits rows."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from shopnest.admin_ids import AsciiIdsMixin


@cache
def _rule():
    return import_string(settings.SHOPNEST_BACK_OFFICE_USER)


def is_agent(user) -> bool:
    """Whether `user` may use the back office. The kernel knows no people: the context that
    owns them names the rule in the SHOPNEST_BACK_OFFICE_USER setting."""
    return _rule()(user)


class AgentReadOnlyMixin(AsciiIdsMixin):
    """Agents see these pages without per-model Django permissions; no add, change or delete
    (history and read tables change only through commands and projections)."""

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
