"""Who may use the back office: every active agent (staff user with an agent profile)."""

from __future__ import annotations

from shopnest.accounts.access import is_agent

__all__ = ["AgentAccessMixin", "is_agent"]


class AgentAccessMixin:
    """Agents see the desk without per-model Django permissions; nobody adds or deletes rows."""

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
