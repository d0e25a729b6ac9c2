"""Routes of the agent endpoints."""

from people.api import agents as api
from people.api import erasure
from shopnest.api.urls import with_optional_slash

urlpatterns = with_optional_slash([
    ("agents", api.AgentListView, "agents"),
    ("agents/me", api.AgentMeView, "agent-me"),
    ("agents/<id:agent_id>", api.AgentDetailView, "agent"),
    ("contacts/<id:contact_id>/hard_delete", erasure.ContactHardDeleteView, "contact-hard-delete"),
])
