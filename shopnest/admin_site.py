"""The ShopNest back office: Django's admin site, with no page that writes around the mediator.

Its own password-change page sends ChangeAgentPassword instead of saving the user row (which
the accounts projection owns); Django's User and Group pages are not registered (admin.py).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.forms import AdminPasswordChangeForm
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.views import PasswordChangeView
from django.http import HttpResponseRedirect
from django.urls import reverse

from shopnest.accounts.domain import ChangeAgentPassword
from shopnest.accounts.registration import send_and_wait
from shopnest.api.context import context_from_request


class AgentPasswordChangeView(PasswordChangeView):
    """Check the old password and the new one as Django does; change it with a command."""

    form_class = AdminPasswordChangeForm

    def form_valid(self, form):
        command = ChangeAgentPassword(agent_id=self.request.user.id,
                                      password=form.cleaned_data["new_password1"])
        _, shown = send_and_wait(command, context_from_request(self.request, via="admin"))
        if shown:
            # Keep this session signed in under the new password (the row now holds it).
            self.request.user.refresh_from_db(fields=["password"])
            update_session_auth_hash(self.request, self.request.user)
        else:
            messages.warning(self.request, "Your password was changed; if you are signed out "
                                           "in a moment, sign in again with the new one.")
        return HttpResponseRedirect(self.get_success_url())


class ShopNestAdminSite(admin.AdminSite):
    site_header = "ShopNest help desk"
    site_title = "ShopNest help desk"
    index_title = "Back office"

    def password_change(self, request, extra_context=None):
        request.current_app = self.name
        return AgentPasswordChangeView.as_view(
            success_url=reverse("admin:password_change_done", current_app=self.name),
            extra_context={**self.each_context(request), **(extra_context or {})},
        )(request)
