"""Who may use the back office: every active agent (staff user with an agent profile)."""

from people.access import is_agent
from shopnest.admin_access import AgentReadOnlyMixin as AgentAccessMixin

__all__ = ["AgentAccessMixin", "is_agent"]
