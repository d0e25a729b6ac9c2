"""Sign-ins reach the agent's stream as a command, instead of Django writing `last_login`.

Recording a sign-in never stops one: it runs after the surrounding transaction (if any)
commits, since an append must be its transaction's first write, and a failure is logged.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from django.contrib.auth import user_logged_in
from django.contrib.auth.models import update_last_login
from django.db import transaction

from people.domain.agents import AgentNotFound, RecordSignIn

log = logging.getLogger("people.agents")


def record_sign_in(sender, request, user, **kwargs) -> None:
    from shopnest.api.context import context_from_request

    # The agent acts: `request.user` may not be set yet where login() is called.
    ctx = replace(context_from_request(request, via="admin"), actor_id=user.id,
                  actor_email=user.email, actor_type="agent")
    transaction.on_commit(lambda: _send(user.id, ctx))


def _send(user_id: int, ctx) -> None:
    from shopnest.mediator import mediator

    try:
        mediator.send(RecordSignIn(agent_id=user_id), ctx)
    except AgentNotFound:  # a user made by hand, not an agent: nothing to record it in
        log.info("sign-in of user %s not recorded: not an agent", user_id)
    except Exception:
        log.warning("sign-in of agent %s could not be recorded", user_id, exc_info=True)


def connect() -> None:
    """Run after django.contrib.auth's ready(), which connects `update_last_login`."""
    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    user_logged_in.connect(record_sign_in, dispatch_uid="shopnest_record_sign_in")
