"""Command handlers of agent accounts."""

from __future__ import annotations

import re

from django.contrib.auth.hashers import make_password

from shopnest.accounts.keys import hash_api_key
from shopnest.accounts.messages import AgentEmailClaimed, AgentRegistered, RegisterAgent
from shopnest.errors import ApplicationError
from shopnest.eventstore import store
from shopnest.eventstore.ids import allocate_id
from shopnest.eventstore.records import NewEvent, StreamAppend
from shopnest.mediator import Decision, MessageContext

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class DuplicateAgent(ApplicationError):
    http_status = 409
    code = "duplicate_value"
    field = "email"


def agent_stream(agent_id: int) -> str:
    return f"agent-{agent_id}"


def agent_email_stream(email: str) -> str:
    return f"agent-email-{email.strip().lower()}"


def register_agent(command: RegisterAgent, ctx: MessageContext) -> Decision:
    email = command.email.strip().lower()
    if not _EMAIL.match(email):
        raise ApplicationError("It should be a valid email address", field="email")
    if not command.name.strip():
        raise ApplicationError("Mandatory attribute missing", field="name", code="missing_field")
    claim = agent_email_stream(email)
    if store.stream_version(claim):
        raise DuplicateAgent("It should be a unique value")
    # Agent ids come from the user table's own sequence so Django users never collide.
    agent_id = allocate_id("auth_user_id_seq")
    registered = AgentRegistered(
        agent_id=agent_id,
        email=email,
        name=command.name.strip(),
        is_admin=command.is_admin,
        api_key_hash=hash_api_key(command.api_key),
        password_hash=make_password(command.password) if command.password else None,
        at=ctx.now_iso,
    )
    claimed = AgentEmailClaimed(email=email, agent_id=agent_id, at=ctx.now_iso)
    return Decision(
        appends=(
            StreamAppend(agent_stream(agent_id), "agent", 0,
                         (NewEvent(AgentRegistered.TYPE, registered.to_data()),)),
            StreamAppend(claim, "agent-email", 0,
                         (NewEvent(AgentEmailClaimed.TYPE, claimed.to_data()),)),
        ),
        result={"agent_id": agent_id, "email": email, "name": registered.name,
                "is_admin": command.is_admin},
    )
