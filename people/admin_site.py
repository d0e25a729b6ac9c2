"""The ShopNest back office: Django's admin site, with no page that writes around the mediator.

Its password-change page sends ChangeAgentPassword instead of saving the user row (which the
accounts projection owns), and checks the old password without Django's re-hash-and-save.
Django's User and Group pages are taken off the site (shopnest/admin_apps.py).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.forms import AdminPasswordChangeForm
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.hashers import check_password
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse

from people.domain.agents import AgentNotFound, ChangeAgentPassword
from people.registration import send_and_wait
from shopnest.api.context import context_from_request
from shopnest.domain.errors import DomainError


class AgentPasswordChangeForm(AdminPasswordChangeForm):
    def clean_old_password(self):
        old = self.cleaned_data["old_password"]
        # Without a setter: a hash in an older format is never re-hashed and saved.
        if not check_password(old, self.user.password):
            raise ValidationError(self.error_messages["password_incorrect"],
                                  code="password_incorrect")
        return old


class AgentPasswordChangeView(PasswordChangeView):
    """Check the old password and the new one as Django does; change it with a command."""

    form_class = AgentPasswordChangeForm

    def form_valid(self, form):
        command = ChangeAgentPassword(agent_id=self.request.user.id,
                                      password=form.cleaned_data["new_password1"])
        try:
            _, shown = send_and_wait(command, context_from_request(self.request, via="admin"))
        except AgentNotFound:  # a user made by hand before accounts were agents
            messages.error(self.request, "Only agents change their password here; this "
                                         "account is not an agent's.")
            return self.form_invalid(form)
        except DomainError as exc:
            messages.error(self.request, exc.describe())
            return self.form_invalid(form)
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
