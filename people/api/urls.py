"""Routes of the agent and contact endpoints."""

from people.api import agents as api
from people.api import contacts
from shopnest.api.urls import with_optional_slash

urlpatterns = with_optional_slash([
    ("agents", api.AgentListView, "agents"),
    ("agents/me", api.AgentMeView, "agent-me"),
    ("agents/<id:agent_id>", api.AgentDetailView, "agent"),
])

urlpatterns += with_optional_slash([
    ("contacts", contacts.ContactListView, "contacts"),
    ("contacts/autocomplete", contacts.ContactAutocompleteView, "contact-autocomplete"),
    ("contacts/<id:contact_id>", contacts.ContactDetailView, "contact"),
    ("contacts/<id:contact_id>/restore", contacts.ContactRestoreView, "contact-restore"),
    ("contacts/<id:contact_id>/make_agent", contacts.ContactMakeAgentView, "contact-make-agent"),
    ("contact_fields", contacts.ContactFieldsView, "contact-fields"),
])
