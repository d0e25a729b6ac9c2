"""Back-office access shared by every app's admin: agents may look, nobody edits rows."""

from __future__ import annotations

from shopnest.accounts.access import is_agent
from shopnest.admin_ids import AsciiIdsMixin


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
