"""The companies of the back office: a list searched by name or domain and a company page.

Both read the company read table through the mediator's queries; an admin creates, edits
and deletes companies with forms that send CreateCompany, UpdateCompany and DeleteCompany,
never a model save.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from people.company_forms import CompanyForm
from people.domain.companies import CreateCompany, DeleteCompany, UpdateCompany
from people.models import CompanyView
from people.queries.companies import GetCompany
from shopnest.admin_access import AgentReadOnlyMixin, is_agent
from shopnest.api.context import context_from_request
from shopnest.api.integers import parse_integer
from shopnest.domain.errors import DomainError
from shopnest.mediator import mediator

PAGE_TEMPLATE = "admin/people/companyview/company_page.html"
NEW_TEMPLATE = "admin/people/companyview/new_company.html"


def _may_write(request) -> bool:
    """Admins manage companies, as over the API; every agent may look."""
    return is_agent(request.user) and request.user.is_superuser


@admin.register(CompanyView)
class CompanyViewAdmin(AgentReadOnlyMixin, admin.ModelAdmin):
    list_display = ("id", "name", "domain_list", "account_tier", "health_score", "updated_at")
    list_display_links = ("id", "name")
    search_fields = ("name",)
    search_help_text = "Search by name or domain"
    ordering = ("name", "id")
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).filter(deleted=False)

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.filter(Q(name__icontains=term) | Q(domains__contains=[term.lower()])), False

    @admin.display(description="Domains")
    def domain_list(self, company) -> str:
        return ", ".join(company.domains)

    def has_add_permission(self, request) -> bool:
        return _may_write(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return _may_write(request)

    # -- pages that send commands ------------------------------------------------------
    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = CompanyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            outcome = self._send(request, CreateCompany(fields=form.fields_sent()))
            if outcome is not None:
                company_id = outcome.result["company"]["id"]
                messages.success(request, f"Company {form.cleaned_data['name']} created.")
                return HttpResponseRedirect(reverse("admin:people_companyview_change",
                                                    args=[company_id]))
        return TemplateResponse(request, NEW_TEMPLATE, self._context(
            request, title="New company", form=form))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_permission(request) or (
                request.method == "POST" and not self.has_change_permission(request)):
            raise PermissionDenied
        company_id = parse_integer(str(object_id))
        company = None if company_id is None else self._ask(request, company_id)
        if company is None:
            raise Http404("No such company")
        form = None
        if request.method == "POST" and request.POST.get("action") == "delete":
            if self._send(request, DeleteCompany(company_id=company_id)) is not None:
                messages.success(request, f"Company {company.name} deleted.")
                return HttpResponseRedirect(reverse("admin:people_companyview_changelist"))
        elif request.method == "POST":
            form = CompanyForm(request.POST)
            if form.is_valid():
                command = UpdateCompany(company_id=company_id, changes=form.changes(company))
                if self._send(request, command) is not None:
                    messages.success(request, "Company updated.")
                    return HttpResponseRedirect(request.path)
        return TemplateResponse(request, PAGE_TEMPLATE, self._context(
            request, title=f"Company: {company.name}", company=company,
            form=form or CompanyForm.for_company(company), may_write=_may_write(request)))

    def _context(self, request, **values):
        return {**self.admin_site.each_context(request), "opts": self.model._meta,
                "has_view_permission": True, **values}

    def _ask(self, request, company_id: int):
        return mediator.ask(GetCompany(company_id=company_id),
                            context_from_request(request, via="admin"))

    def _send(self, request, command):
        """Send `command` as the agent; show a refusal and return None."""
        try:
            return mediator.send(command, context_from_request(request, via="admin"))
        except DomainError as exc:
            messages.error(request, exc.describe())
            return None
