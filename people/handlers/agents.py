"""Command handlers of agent accounts: load, hash the secrets, decide, append."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from people.domain.agents import (
    AGENT,
    AGENT_EMAIL,
    AGENT_KEY,
    ChangeAgentPassword,
    RecordSignIn,
    RegisterAgent,
    checked_email_and_key,
    password_change,
    registration,
    sign_in,
)
from people.models import AgentProfile
from shopnest.api.keys import hash_api_key
from shopnest.eventstore import streams
from shopnest.eventstore.ids import allocate_id
from shopnest.mediator import Decision, MessageContext

# Agents' ids come from the user table's own sequence, so Django users never collide.
AGENT_IDS = "auth_user_id_seq"


def agent_result(agent: streams.Stream) -> dict:
    state = agent.state
    return {"agent_id": state.id, "email": state.email, "name": state.name,
            "is_admin": state.is_admin}


def register_agent(command: RegisterAgent, ctx: MessageContext, *, result=agent_result
                   ) -> Decision:
    """Register an agent; `result` turns the new agent's stream into the answer."""
    email = checked_email_and_key(command)
    key_hash = hash_api_key(command.api_key)
    email_claim, key_claim = streams.load(AGENT_EMAIL, email), streams.load(AGENT_KEY, key_hash)
    agent = streams.new(AGENT, allocate_id(AGENT_IDS))
    decided = registration(command, ctx.decision(ids={"agent": agent.key}, refs={
        "api_key_hash": key_hash,
        "password_hash": make_password(command.password) if command.password else None,
        "email_owner": email_claim.state,
        "key_owner": key_claim.state or _unclaimed_key_owner(key_hash),
    }))
    return agent.decided([decided.registered], result, also=(
        email_claim.append([decided.email_claimed]), key_claim.append([decided.key_claimed])))


def _unclaimed_key_owner(key_hash: str) -> int | None:
    """The agent holding this key from before keys were claimed (no claim stream): such
    agents were projected long ago, so their row is the record of the key."""
    return (AgentProfile.objects.filter(api_key_hash=key_hash)
            .values_list("user_id", flat=True).first())


def change_agent_password(command: ChangeAgentPassword, ctx: MessageContext) -> Decision:
    agent = streams.load(AGENT, command.agent_id)
    events = password_change(agent.state, command, ctx.decision(
        refs={"password_hash": make_password(command.password)}))
    return agent.decided(events, agent_result)


def record_sign_in(command: RecordSignIn, ctx: MessageContext) -> Decision:
    agent = streams.load(AGENT, command.agent_id)
    return agent.decided(sign_in(agent.state, command, ctx.decision()), agent_result)
