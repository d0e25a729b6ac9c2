"""Add and change pages that send commands: the form's valid values become one command;
a refusal is shown on the form. Nothing is saved by Django's model views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from shopnest.api.context import context_from_request
from shopnest.api.integers import parse_integer
from shopnest.domain.errors import DomainError, ValidationFailed
from shopnest.mediator import mediator
from shopnest.projections import consistency

STALE = ("Some of your latest changes are still being processed and may not show yet; "
         "reload in a moment.")
TEMPLATE = "admin/people/command_form.html"


def admin_context(request):
    return context_from_request(request, via="admin")


class CommandPages:
    """Mixin for a ModelAdmin. Subclasses set the forms, the projections the list reads and
    the commands; see AgentAdmin and GroupAdmin."""

    reads: tuple[str, ...] = ()
    create_form: type
    edit_form: type
    remove_label: str = "Delete"

    # -- hooks ------------------------------------------------------------------------
    def current(self, request, object_id: int) -> Any | None:
        raise NotImplementedError

    def initial(self, current: Any) -> dict:
        raise NotImplementedError

    def create_command(self, values: dict):
        raise NotImplementedError

    def update_command(self, object_id: int, changes: dict):
        raise NotImplementedError

    def remove_command(self, object_id: int):
        raise NotImplementedError

    # -- views ------------------------------------------------------------------------
    def changelist_view(self, request, extra_context=None):
        principal = admin_context(request).principal
        if principal and self.reads and not consistency.wait_for_own_writes(principal, self.reads):
            messages.warning(request, STALE)
        return super().changelist_view(request, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = self.create_form(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if self._sent(request, form, self.create_command(form.values()), "Created."):
                return HttpResponseRedirect(self._list_url())
        return self._page(request, form, f"New {self.model._meta.verbose_name}", "Create", None)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_change_permission(request):
            raise PermissionDenied
        key = parse_integer(str(object_id))
        found = self.current(request, key) if key is not None else None
        if found is None:
            raise Http404("Not found")
        initial = self.initial(found)
        if request.method == "POST" and request.POST.get("action") == "remove":
            if self._sent(request, None, self.remove_command(key), "Done."):
                return HttpResponseRedirect(self._list_url())
            return HttpResponseRedirect(request.path)
        form = self.edit_form(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            changes = {k: v for k, v in form.values().items() if v != initial.get(k)}
            if not changes or self._sent(request, form, self.update_command(key, changes),
                                         "Saved."):
                return HttpResponseRedirect(self._list_url())
        return self._page(request, form, str(initial.get("name") or key), "Save",
                          self.remove_label)

    # -- helpers ----------------------------------------------------------------------
    def _sent(self, request, form, command, success: str) -> bool:
        try:
            mediator.send(command, admin_context(request))
        except DomainError as exc:
            errors = exc.errors if isinstance(exc, ValidationFailed) else [exc]
            for error in errors:
                if form is not None and error.field in form.fields:
                    form.add_error(error.field, error.message)
                else:
                    messages.error(request, error.describe())
            return False
        messages.success(request, success)
        return True

    def _list_url(self) -> str:
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    def _page(self, request, form, title: str, submit: str, remove: str | None):
        context = {**self.admin_site.each_context(request), "title": title, "form": form,
                   "opts": self.model._meta, "submit_label": submit, "remove_label": remove,
                   "list_url": self._list_url(), "has_view_permission": True}
        return TemplateResponse(request, TEMPLATE, context)
