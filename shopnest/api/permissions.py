"""Who may call what: every API call needs an agent; agent administration needs an admin."""

from rest_framework.permissions import BasePermission


class IsAgent(BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.user is not None and request.auth is not None


class IsAdminAgent(IsAgent):
    def has_permission(self, request, view) -> bool:
        return super().has_permission(request, view) and bool(getattr(request.auth, "is_admin", False))
