"""What changes an existing agent: updates, deactivation, a new API key (plain Python).

Each decision returns the agent's events and, where a unique value changes hands, the claim
streams' events to append in the same Decision (the old value released, the new claimed).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shopnest.domain.aggregate import ClaimReleased, DecisionContext
from shopnest.domain.checks import collect
from shopnest.domain.errors import ValidationFailed
from shopnest.domain.events import DomainEvent
from shopnest.messages import Command

from . import roles
from .agent_fields import PROFILE_FIELDS, UPDATE_ONLY_FIELDS, profile_fields, unknown_ids
from .agents import (
    AgentDeactivated,
    AgentEmailClaimed,
    AgentEvent,
    AgentKeyClaimed,
    AgentKeyRotated,
    AgentState,
    AgentUpdated,
    DuplicateAgent,
    checked_email,
    checked_name,
    require_active,
)

UPDATABLE_FIELDS = frozenset({"email", "name", *PROFILE_FIELDS, *UPDATE_ONLY_FIELDS})


@dataclass(frozen=True)
class UpdateAgent(Command):
    """Change any of an agent's fields (`changes`: field → value, as a client sent them)."""

    agent_id: int
    changes: Mapping[str, Any]


@dataclass(frozen=True)
class DeactivateAgent(Command):
    """Take an agent off the desk: the account stops authenticating at once."""

    agent_id: int


@dataclass(frozen=True)
class RotateAgentKey(Command):
    """Give an agent a new API key; the old one stops working."""

    agent_id: int
    api_key: Any


@dataclass(frozen=True)
class ClaimChanges:
    """The events of the claim streams a decision moves: (stream key, events) each."""

    released: tuple[str, ClaimReleased] | None = None
    claimed: tuple[str, DomainEvent] | None = None


@dataclass(frozen=True)
class AgentChange:
    events: list[AgentEvent]
    claims: ClaimChanges = ClaimChanges()


def checked_changes(command: UpdateAgent) -> dict[str, Any]:
    """Return the update's values checked and normalised (the handler looks up the new
    e-mail address's owner and the named groups only once they are known to be storable)."""
    changes = dict(command.changes)
    checks = {"fields": lambda: profile_fields(
        {k: v for k, v in changes.items() if k not in ("email", "name")}, UPDATABLE_FIELDS)}
    if "email" in changes:
        checks["email"] = lambda: checked_email(changes["email"])
    if "name" in changes:
        checks["name"] = lambda: checked_name(changes["name"])
    results = collect(checks)
    checked = dict(results.pop("fields"))
    checked.update(results)
    return checked


def update(state: AgentState, command: UpdateAgent, ctx: DecisionContext) -> AgentChange:
    """Decide an update. `ctx.refs`: `email_owner` (who holds a new address already) and
    `groups` (each named group's state, None: no such group)."""
    require_active(state, command.agent_id)
    new = checked_changes(command)
    if "group_ids" in new:
        missing = unknown_ids("group_ids", new["group_ids"], ctx.refs.get("groups", {}))
        if missing:
            raise ValidationFailed([missing])
    if "role_ids" in new:
        new["is_admin"] = roles.is_admin(new["role_ids"])
    if "available" in new and new["available"] != state.available:
        new["available_since"] = ctx.now if new["available"] else None
    moved = {name: value for name, value in new.items() if value != _current(state, name)}
    if not moved:
        return AgentChange([])
    claims = ClaimChanges()
    if "email" in moved:
        owner = ctx.refs.get("email_owner")
        if owner is not None and owner != state.id:
            raise DuplicateAgent("email", owner)
        claims = ClaimChanges(
            released=(state.email, ClaimReleased(at=ctx.now, actor_id=ctx.actor_id)),
            claimed=(moved["email"], AgentEmailClaimed(email=moved["email"], agent_id=state.id,
                                                       at=ctx.now, actor_id=ctx.actor_id)))
    return AgentChange([AgentUpdated(changes=moved, at=ctx.now, actor_id=ctx.actor_id)], claims)


def _current(state: AgentState, name: str) -> Any:
    value = getattr(state, name)
    return tuple(value) if isinstance(value, list) else value


def deactivate(state: AgentState, command: DeactivateAgent, ctx: DecisionContext
               ) -> list[AgentEvent]:
    require_active(state, command.agent_id)
    return [AgentDeactivated(at=ctx.now, actor_id=ctx.actor_id)]


def rotate_key(state: AgentState, command: RotateAgentKey, ctx: DecisionContext) -> AgentChange:
    """Decide a new key. `ctx.refs`: `api_key_hash` (the new key's, made by the handler) and
    `key_owner` (who holds that key already; None: nobody)."""
    require_active(state, command.agent_id)
    key_hash = ctx.ref("api_key_hash")
    if key_hash == state.api_key_hash:
        return AgentChange([])  # the agent holds this key already: nothing changes hands
    owner = ctx.refs.get("key_owner")
    if owner is not None:
        raise DuplicateAgent("api_key", owner)
    at, actor = ctx.now, ctx.actor_id
    return AgentChange(
        [AgentKeyRotated(api_key_hash=key_hash, at=at, actor_id=actor)],
        ClaimChanges(released=(state.api_key_hash, ClaimReleased(at=at, actor_id=actor)),
                     claimed=(key_hash, AgentKeyClaimed(key_hash=key_hash, agent_id=state.id,
                                                        at=at, actor_id=actor))))


def membership(group_id: int, wanted: tuple[int, ...], agents: Mapping[int, AgentState],
               ctx: DecisionContext) -> dict[int, AgentUpdated]:
    """The agents' events that make `wanted` the members of a group: `agents` holds the
    state of every agent that is or shall be a member. Agents already right get nothing."""
    events = {}
    for agent_id, agent in agents.items():
        inside = group_id in agent.group_ids
        if inside == (agent_id in wanted):
            continue
        group_ids = ([g for g in agent.group_ids if g != group_id] if inside
                     else [*agent.group_ids, group_id])
        events[agent_id] = AgentUpdated(changes={"group_ids": group_ids}, at=ctx.now,
                                        actor_id=ctx.actor_id)
    return events
