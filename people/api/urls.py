"""Routes of the agent and company endpoints."""

from people.api import agents as api
from people.api import companies
from shopnest.api.urls import with_optional_slash

urlpatterns = with_optional_slash([
    ("agents", api.AgentListView, "agents"),
    ("agents/me", api.AgentMeView, "agent-me"),
    ("agents/<id:agent_id>", api.AgentDetailView, "agent"),
    ("companies", companies.CompanyListView, "companies"),
    ("companies/autocomplete", companies.CompanyAutocompleteView, "companies-autocomplete"),
    ("companies/<id:company_id>", companies.CompanyDetailView, "company"),
    ("company_fields", companies.CompanyFieldsView, "company-fields"),
])
