"""Command handlers of groups: load the group, the agents it names and its name's claim,
decide, append to the group, the claims and the agents whose membership moves."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from people.domain import groups
from people.domain.agents import AGENT
from people.domain.groups import GROUP, GROUP_NAME, CreateGroup, DeleteGroup, UpdateGroup
from people.queries.groups import members
from shopnest.domain.checks import is_id
from shopnest.domain.data import to_data
from shopnest.eventstore import streams
from shopnest.eventstore.ids import allocate_id
from shopnest.mediator import Decision, MessageContext
from shopnest.projections import consistency

GROUP_IDS = "people_group_id_seq"


def create_group(command: CreateGroup, ctx: MessageContext) -> Decision:
    fields = groups.checked_fields(command.fields)
    group = streams.new(GROUP, allocate_id(GROUP_IDS))
    agents: dict[int, streams.Stream] = {}
    refs = _refs(fields, (), agents)
    decided = groups.create(command, ctx.decision(ids={"group": group.key}, refs=refs))
    return _decided(group, decided, agents)


def update_group(command: UpdateGroup, ctx: MessageContext) -> Decision:
    group = streams.load(GROUP, command.group_id)
    fields = groups.checked_fields(command.changes) if group.state.live else {}
    members = current_members(command.group_id, ctx) if group.state.live else ()
    agents: dict[int, streams.Stream] = {}
    # The members' streams matter only when the update replaces them.
    refs = _refs(fields, members if "agent_ids" in fields else (), agents,
                 current_name=group.state.name)
    refs["members"] = members
    return _decided(group, groups.update(group.state, command, ctx.decision(refs=refs)), agents)


def delete_group(command: DeleteGroup, ctx: MessageContext) -> Decision:
    group = streams.load(GROUP, command.group_id)
    members = current_members(command.group_id, ctx) if group.state.live else ()
    agents: dict[int, streams.Stream] = {}
    refs = {"members": members, "agents": _agents(members, agents)}
    return _decided(group, groups.delete(group.state, command, ctx.decision(refs=refs)), agents)


def current_members(group_id: int, ctx: MessageContext) -> tuple[int, ...]:
    """Who the agents' rows say is in the group, once they show the sender's own last write
    (bounded wait). Each is then judged on its stream: an agent whose stream no longer lists
    the group gets no event. (A member another client added a moment ago and not yet
    projected is missed by a replacing update: as if that addition had come after.)"""
    if ctx.principal:
        consistency.wait_for_own_writes(ctx.principal, ("accounts",))
    return members(group_id)


def _refs(fields: dict[str, Any], members: tuple[int, ...], loaded: dict[int, streams.Stream],
          current_name: str | None = None) -> dict[str, Any]:
    named = [*fields.get("agent_ids", ()), *members]
    if is_id(fields.get("escalate_to")):
        named.append(fields["escalate_to"])
    refs: dict[str, Any] = {"members": members, "agents": _agents(named, loaded)}
    name = fields.get("name")
    if name is not None and groups.name_key(name) != groups.name_key(current_name or ""):
        refs["name_owner"] = streams.load(GROUP_NAME, groups.name_key(name)).state
    return refs


def _agents(ids: Iterable[int], loaded: dict[int, streams.Stream]) -> dict[int, Any]:
    """Each agent's state (None: no such agent); the streams are kept in `loaded`, so the
    membership events append at the versions that were judged."""
    found = {}
    for agent_id in dict.fromkeys(ids):
        loaded[agent_id] = streams.load(AGENT, agent_id)
        state = loaded[agent_id].state
        found[agent_id] = state if state.exists else None
    return found


def _decided(group: streams.Stream, decided: groups.GroupDecision,
             agents: dict[int, streams.Stream]) -> Decision:
    also = [streams.load(GROUP_NAME, key).append(events) for key, events in decided.claims.items()]
    also += [agents[agent_id].append([event]) for agent_id, event in decided.members.items()]
    agent_ids = list(decided.agent_ids)
    return group.decided(decided.events, lambda after: group_result(after, agent_ids),
                         also=also)


def group_result(group: streams.Stream, agent_ids: list[int]) -> dict:
    return {"group": to_data(group.state), "agent_ids": agent_ids, "version": group.version}
