"""Who may call what: every API call needs an agent; agent administration needs an admin."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class IsAgent(BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.user is not None and request.auth is not None


class IsAdminAgent(IsAgent):
    def has_permission(self, request, view) -> bool:
        return super().has_permission(request, view) and bool(getattr(request.auth, "is_admin", False))


class AgentReadsAdminWrites(IsAgent):
    """Any agent may read (GET, HEAD); creating, changing and deleting need an admin."""

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return super().has_permission(request, view)
        return IsAdminAgent().has_permission(request, view)
