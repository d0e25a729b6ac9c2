"""Routes of the agent, group, role, company and contact endpoints."""

from people.api import agents, companies, contacts, groups, roles
from shopnest.api.urls import with_optional_slash

urlpatterns = with_optional_slash([
    ("agents", agents.AgentListView, "agents"),
    ("agents/me", agents.AgentMeView, "agent-me"),
    ("agents/autocomplete", agents.AgentAutocompleteView, "agents-autocomplete"),
    ("agents/<id:agent_id>", agents.AgentDetailView, "agent"),
    ("groups", groups.GroupListView, "groups"),
    ("groups/<id:group_id>", groups.GroupDetailView, "group"),
    ("roles", roles.RoleListView, "roles"),
    ("roles/<id:role_id>", roles.RoleDetailView, "role"),
    ("companies", companies.CompanyListView, "companies"),
    ("companies/autocomplete", companies.CompanyAutocompleteView, "companies-autocomplete"),
    ("companies/<id:company_id>", companies.CompanyDetailView, "company"),
    ("company_fields", companies.CompanyFieldsView, "company-fields"),
    ("contacts", contacts.ContactListView, "contacts"),
    ("contacts/autocomplete", contacts.ContactAutocompleteView, "contact-autocomplete"),
    ("contacts/<id:contact_id>", contacts.ContactDetailView, "contact"),
    ("contacts/<id:contact_id>/restore", contacts.ContactRestoreView, "contact-restore"),
    ("contacts/<id:contact_id>/make_agent", contacts.ContactMakeAgentView, "contact-make-agent"),
    ("contact_fields", contacts.ContactFieldsView, "contact-fields"),
])
