"""Who may administer agents and groups in the back office: active agents whose roles make
them admins (the same rule as the API's IsAdminAgent)."""

from __future__ import annotations

from people.queries.access import agent_access
from shopnest.admin_access import is_agent


def is_admin_agent(user) -> bool:
    if not (user and user.is_authenticated and is_agent(user)):
        return False
    access = agent_access(user.id)
    return access.active and access.is_admin


class AdminOnlyCommandPages:
    """A page only admins see; it adds and changes through its own views, which send
    commands; Django's delete view is never offered (deactivation is a command too)."""

    def has_module_permission(self, request) -> bool:
        return is_admin_agent(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_admin_agent(request.user)

    def has_add_permission(self, request) -> bool:
        return is_admin_agent(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_admin_agent(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
