"""Command handlers of agent accounts: load, hash the secrets, decide, append."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.hashers import make_password

from people.domain import agent_changes
from people.domain.agent_changes import ClaimChanges, DeactivateAgent, RotateAgentKey, UpdateAgent
from people.domain.agents import (
    AGENT,
    AGENT_EMAIL,
    AGENT_KEY,
    ChangeAgentPassword,
    RecordSignIn,
    RegisterAgent,
    checked_email_and_key,
    checked_key,
    password_change,
    registration,
    sign_in,
)
from people.domain.groups import GROUP
from people.handlers.results import agent_result
from people.models import AgentProfile
from shopnest.api.keys import hash_api_key, new_api_key
from shopnest.domain.aggregate import Aggregate
from shopnest.domain.checks import is_id
from shopnest.eventstore import streams
from shopnest.eventstore.ids import allocate_id
from shopnest.eventstore.records import StreamAppend
from shopnest.mediator import Decision, MessageContext

# Agents' ids come from the user table's own sequence, so Django users never collide.
AGENT_IDS = "auth_user_id_seq"


def register_agent(command: RegisterAgent, ctx: MessageContext) -> Decision:
    email = checked_email_and_key(command)
    key_hash = hash_api_key(new_api_key() if command.api_key is None else command.api_key)
    email_claim, key_claim = streams.load(AGENT_EMAIL, email), streams.load(AGENT_KEY, key_hash)
    agent = streams.new(AGENT, allocate_id(AGENT_IDS))
    decided = registration(command, ctx.decision(ids={"agent": agent.key}, refs={
        "api_key_hash": key_hash,
        "password_hash": make_password(command.password) if command.password else None,
        "email_owner": email_claim.state,
        "key_owner": key_claim.state or _unclaimed_key_owner(key_hash),
        "groups": live_groups(command.profile.get("group_ids")),
    }))
    return agent.decided([decided.registered], agent_result, also=(
        email_claim.append([decided.email_claimed]), key_claim.append([decided.key_claimed])))


def live_groups(group_ids: Any) -> dict[int, Any]:
    """The state of each group named (None: no such group, or deleted); ids that are no ids
    are left to the domain's checks."""
    if not isinstance(group_ids, list | tuple):
        return {}
    found = {}
    for group_id in dict.fromkeys(g for g in group_ids if is_id(g)):
        state = streams.load(GROUP, group_id).state
        found[group_id] = state if state.live else None
    return found


def _unclaimed_key_owner(key_hash: str) -> int | None:
    """The agent holding this key from before keys were claimed (no claim stream): such
    agents were projected long ago, so their row is the record of the key."""
    return (AgentProfile.objects.filter(api_key_hash=key_hash)
            .values_list("user_id", flat=True).first())


def update_agent(command: UpdateAgent, ctx: MessageContext) -> Decision:
    agent = streams.load(AGENT, command.agent_id)
    refs: dict[str, Any] = {"groups": live_groups(command.changes.get("group_ids"))}
    if agent.state.exists and "email" in command.changes:
        new = agent_changes.checked_changes(command).get("email")
        if new is not None and new != agent.state.email:
            refs["email_owner"] = streams.load(AGENT_EMAIL, new).state
    change = agent_changes.update(agent.state, command, ctx.decision(refs=refs))
    return agent.decided(change.events, agent_result,
                         also=claim_appends(AGENT_EMAIL, change.claims))


def deactivate_agent(command: DeactivateAgent, ctx: MessageContext) -> Decision:
    agent = streams.load(AGENT, command.agent_id)
    return agent.decided(agent_changes.deactivate(agent.state, command, ctx.decision()),
                         agent_result)


def rotate_agent_key(command: RotateAgentKey, ctx: MessageContext) -> Decision:
    agent = streams.load(AGENT, command.agent_id)
    key_hash = hash_api_key(checked_key(command.api_key))
    owner = streams.load(AGENT_KEY, key_hash).state or _unclaimed_key_owner(key_hash)
    change = agent_changes.rotate_key(agent.state, command, ctx.decision(
        refs={"api_key_hash": key_hash, "key_owner": owner}))
    return agent.decided(change.events, agent_result, also=claim_appends(AGENT_KEY, change.claims))


def claim_appends(claim: Aggregate, changes: ClaimChanges) -> tuple[StreamAppend, ...]:
    """The appends of the claim streams a decision released and claimed."""
    moves: Iterable = (move for move in (changes.released, changes.claimed) if move is not None)
    return tuple(streams.load(claim, key).append([event]) for key, event in moves)


def change_agent_password(command: ChangeAgentPassword, ctx: MessageContext) -> Decision:
    agent = streams.load(AGENT, command.agent_id)
    events = password_change(agent.state, command, ctx.decision(
        refs={"password_hash": make_password(command.password)}))
    return agent.decided(events, agent_result)


def record_sign_in(command: RecordSignIn, ctx: MessageContext) -> Decision:
    agent = streams.load(AGENT, command.agent_id)
    return agent.decided(sign_in(agent.state, command, ctx.decision()), agent_result)
