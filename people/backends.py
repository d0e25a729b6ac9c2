"""Back-office sign-in: agents sign in with their e-mail address and password.

The user row belongs to the accounts projection, so signing in must not write it: the
password is checked without Django's upgrade-on-login re-hash (a write around the event
store), and the sign-in itself is recorded by a command (signals.py), not by
`update_last_login`.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.hashers import check_password, make_password


class AgentEmailBackend(ModelBackend):
    """Authenticate an agent by e-mail address (any letter case) and password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = username if username is not None else kwargs.get("email")
        if not isinstance(email, str) or not isinstance(password, str):
            return None
        users = get_user_model().objects
        # Agents by e-mail address; any other user (staff made by hand) by user name.
        user = (users.filter(email=email.strip().lower(), agent__isnull=False).first()
                or users.filter(username=email).first())
        if user is None:
            make_password(password)  # spend the same time as a real check: no user probing
            return None
        # check_password without a setter never saves a re-hashed password.
        if check_password(password, user.password) and self.user_can_authenticate(user):
            return user
        return None
