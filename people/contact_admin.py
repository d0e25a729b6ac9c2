"""The Contacts page of the back office: the list reads the contact read table; the contact
page edits, deletes and restores through commands sent as the agent (never a model save)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse

from people.access import is_agent
from people.api.contact_representation import contact_json
from people.contact_forms import ContactForm
from people.domain.contacts import DeleteContact, RestoreContact, UpdateContact
from people.models import ContactView
from people.queries.contacts import GetContact
from shopnest.admin_access import AgentReadOnlyMixin
from shopnest.api.context import context_from_request
from shopnest.api.integers import parse_integer
from shopnest.domain.errors import DomainError
from shopnest.mediator import mediator
from shopnest.projections import consistency

STALE = ("Some of your latest changes are still being processed and may not show yet; "
         "reload in a moment.")
SIMPLE_ACTIONS = {"delete": (DeleteContact, "Contact deleted."),
                  "restore": (RestoreContact, "Contact restored.")}


class ContactStateFilter(admin.SimpleListFilter):
    """Live contacts by default, as the API lists them; deleted ones on request."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("deleted", "Deleted"), ("all", "Everything")]

    def choices(self, changelist):
        yield {"selected": self.value() is None, "display": "Live",
               "query_string": changelist.get_query_string(remove=[self.parameter_name])}
        for value, label in self.lookup_choices:
            yield {"selected": self.value() == value, "display": label,
                   "query_string": changelist.get_query_string({self.parameter_name: value})}

    def queryset(self, request, queryset):
        if self.value() == "all":
            return queryset
        return queryset.filter(deleted=self.value() == "deleted")


@admin.register(ContactView)
class ContactViewAdmin(AgentReadOnlyMixin, admin.ModelAdmin):
    list_display = ("id", "name", "email", "phone", "mobile", "company_id", "verified",
                    "updated_at")
    list_display_links = ("id", "name")
    list_filter = (ContactStateFilter, ("active", admin.BooleanFieldListFilter))
    search_fields = ("name", "email", "phone", "mobile")
    ordering = ("name", "id")
    list_per_page = 50
    show_full_result_count = False
    change_form_template = "admin/people/contactview/contact_page.html"

    def has_change_permission(self, request, obj=None) -> bool:
        return is_agent(request.user)

    @admin.display(description="Verified", boolean=True, ordering="active")
    def verified(self, contact) -> bool:
        return contact.active

    def changelist_view(self, request, extra_context=None):
        principal = _context(request).principal
        if principal and not consistency.wait_for_own_writes(principal, ("contacts",)):
            messages.warning(request, STALE)
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_permission(request) or (
                request.method == "POST" and not self.has_change_permission(request)):
            raise PermissionDenied
        contact_id = parse_integer(str(object_id))
        contact = _contact(request, contact_id) if contact_id is not None else None
        if contact is None:
            raise Http404("No such contact")
        form = None
        if request.method == "POST":
            form = self._handle_post(request, contact)
            if form is None:
                return HttpResponseRedirect(request.path)
        return self._render_page(request, contact, form or ContactForm.for_contact(contact))

    def _handle_post(self, request, contact: dict) -> ContactForm | None:
        """Send the posted form's command; return the form to show again, or None on success."""
        action = request.POST.get("action", "")
        form = ContactForm(request.POST) if action == "update" else None
        if action in SIMPLE_ACTIONS:
            command_type, success = SIMPLE_ACTIONS[action]
            command = command_type(contact_id=contact["id"])
        elif form is not None and form.is_valid():
            command, success = UpdateContact(contact_id=contact["id"],
                                             changes=form.changes(contact)), "Contact updated."
        elif form is not None:
            return form
        else:
            messages.error(request, "Unknown action.")
            return ContactForm.for_contact(contact)
        try:
            mediator.send(command, _context(request))
        except DomainError as exc:
            messages.error(request, exc.describe())
            return form or ContactForm.for_contact(contact)
        messages.success(request, success)
        return None

    def _render_page(self, request, contact: dict, form: ContactForm):
        context = {
            **self.admin_site.each_context(request),
            "title": f"Contact #{contact['id']}: {contact['name']}",
            "opts": self.model._meta, "contact": contact, "form": form,
            "has_view_permission": True,
        }
        return TemplateResponse(request, self.change_form_template, context)


def _context(request):
    return context_from_request(request, via="admin")


def _contact(request, contact_id: int) -> dict | None:
    """The contact as the API renders it, from the read table (after the agent's own writes)."""
    found = mediator.ask(GetContact(contact_id=contact_id), _context(request))
    if consistency.consistency_state.get() == "stale":
        messages.warning(request, STALE)
    return None if found is None else contact_json(found)
