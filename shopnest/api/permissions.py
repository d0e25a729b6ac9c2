"""Who may call what. Every API call needs an account; most need an agent; agent
administration needs an admin. A customer (a caller whose credential's `actor_type` is
"contact") reaches only the methods a view lists in `customer_methods`."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


def actor_type(request) -> str | None:
    if request.user is None or request.auth is None:
        return None
    return getattr(request.auth, "actor_type", None)


class IsAgent(BasePermission):
    def has_permission(self, request, view) -> bool:
        return actor_type(request) == "agent"


class IsAdminAgent(IsAgent):
    def has_permission(self, request, view) -> bool:
        return super().has_permission(request, view) and bool(getattr(request.auth, "is_admin", False))


class AgentReadsAdminWrites(IsAgent):
    """Any agent may read (GET, HEAD); creating, changing and deleting need an admin."""

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return super().has_permission(request, view)
        return IsAdminAgent().has_permission(request, view)


class IsAgentOrCustomer(BasePermission):
    """Agents everywhere the view allows; customers only for `view.customer_methods`."""

    def has_permission(self, request, view) -> bool:
        kind = actor_type(request)
        if kind == "agent":
            return True
        return kind == "contact" and request.method in getattr(view, "customer_methods", ())
