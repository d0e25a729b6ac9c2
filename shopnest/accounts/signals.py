"""Sign-ins reach the agent's stream as a command, instead of Django writing `last_login`."""

from __future__ import annotations

import logging

from django.contrib.auth import user_logged_in
from django.contrib.auth.models import update_last_login

from shopnest.accounts.domain import RecordSignIn
from shopnest.domain.errors import DomainError

log = logging.getLogger("shopnest.accounts")


def record_sign_in(sender, request, user, **kwargs) -> None:
    from shopnest.api.context import context_from_request
    from shopnest.mediator import mediator

    try:
        mediator.send(RecordSignIn(agent_id=user.id), context_from_request(request, via="admin"))
    except DomainError:  # a user without an agent stream (not one of ours) signs in unrecorded
        log.warning("sign-in of user %s not recorded: no agent stream", user.id)


def connect() -> None:
    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    user_logged_in.connect(record_sign_in, dispatch_uid="shopnest_record_sign_in")
