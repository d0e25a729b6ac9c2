"""Groups of agents as an aggregate: commands, events, state, evolve and decide (plain Python).

A group's name is unique in any letter case: it is claimed (case-folded) in a claim stream in
the same append as the group's creation or rename, and released on rename and deletion.
Membership is not held here: each agent's stream holds its `group_ids` (agents.py), so a
group command that names `agent_ids` also decides events for those agents' streams.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import partial, singledispatch
from typing import Any, ClassVar

from shopnest.domain.aggregate import Aggregate, ClaimReleased, DecisionContext, unique_claim
from shopnest.domain.checks import (
    MAX_STRING_LENGTH,
    MISSING_MESSAGE,
    collect,
    one_of_message,
    optional_id,
    optional_string,
)
from shopnest.domain.errors import AlreadyExists, InvalidValue, NotFound, ValidationFailed
from shopnest.domain.events import DomainEvent
from shopnest.messages import Command

from .agent_changes import membership
from .agent_fields import id_list, unknown_ids
from .agents import AgentState, AgentUpdated

UNASSIGNED_FOR = ("30m", "1h", "2h", "4h", "8h", "12h", "1d", "2d", "3d")
# 0 off, 1 round robin, 2 skill based, 3 load based, 12 omniroute.
AUTO_TICKET_ASSIGN = frozenset({0, 1, 2, 3, 12})


# -- commands -------------------------------------------------------------------------------

@dataclass(frozen=True)
class CreateGroup(Command):
    fields: Mapping[str, Any]


@dataclass(frozen=True)
class UpdateGroup(Command):
    group_id: int
    changes: Mapping[str, Any]


@dataclass(frozen=True)
class DeleteGroup(Command):
    group_id: int


# -- events ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class GroupEvent(DomainEvent):
    """The family of events a group stream holds."""


@dataclass(frozen=True)
class GroupCreated(GroupEvent):
    TYPE: ClassVar[str] = "GroupCreated"

    group_id: int
    name: str
    description: str | None = None
    business_hour_id: int | None = None
    escalate_to: int | None = None
    unassigned_for: str = "30m"
    auto_ticket_assign: int = 0


@dataclass(frozen=True)
class GroupUpdated(GroupEvent):
    """Some of the group's own fields took new values (`changes`: field → value)."""

    TYPE: ClassVar[str] = "GroupUpdated"

    changes: Mapping[str, Any]


@dataclass(frozen=True)
class GroupDeleted(GroupEvent):
    TYPE: ClassVar[str] = "GroupDeleted"


@dataclass(frozen=True)
class GroupNameClaimed(DomainEvent):
    """A group name (case-folded) now belongs to this group (the name claim's event)."""

    TYPE: ClassVar[str] = "GroupNameClaimed"

    name: str
    group_id: int


# -- state ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class GroupState:
    exists: bool = False
    id: int | None = None
    name: str | None = None
    description: str | None = None
    business_hour_id: int | None = None
    escalate_to: int | None = None
    unassigned_for: str = "30m"
    auto_ticket_assign: int = 0
    deleted: bool = False
    created_at: str | None = None
    updated_at: str | None = None

    @property
    def live(self) -> bool:
        return self.exists and not self.deleted


GROUP_FIELDS = ("name", "description", "business_hour_id", "escalate_to", "unassigned_for",
                "auto_ticket_assign")


def evolve_group(state: GroupState, event: GroupEvent) -> GroupState:
    return replace(_apply(event, state), updated_at=event.at)


@singledispatch
def _apply(event: GroupEvent, state: GroupState) -> GroupState:
    raise TypeError(f"A group cannot fold {type(event).__name__}")


@_apply.register
def _created(event: GroupCreated, state: GroupState) -> GroupState:
    return replace(state, exists=True, id=event.group_id, created_at=event.at,
                   **{name: getattr(event, name) for name in GROUP_FIELDS})


@_apply.register
def _updated(event: GroupUpdated, state: GroupState) -> GroupState:
    return replace(state, **{k: v for k, v in event.changes.items() if k in GROUP_FIELDS})


@_apply.register
def _deleted(event: GroupDeleted, state: GroupState) -> GroupState:
    return replace(state, deleted=True)


GROUP = Aggregate("group", GroupState(), evolve_group, GroupEvent)
GROUP_NAME = unique_claim("group-name", GroupNameClaimed, owner="group_id")


def name_key(name: str) -> str:
    """The claim key of a name: the same for every letter case."""
    return name.strip().casefold()


# -- checks ---------------------------------------------------------------------------------

class DuplicateGroup(AlreadyExists):
    field = "name"

    def __init__(self, owner: int) -> None:
        self.additional_info = {"group_id": owner}
        super().__init__()


class GroupNotFound(NotFound):
    pass


def _name(value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidValue("name", MISSING_MESSAGE, code="missing_field")
    return optional_string("name", value, MAX_STRING_LENGTH).strip()  # type: ignore[union-attr]


def _unassigned_for(value: Any) -> str:
    if value not in UNASSIGNED_FOR or not isinstance(value, str):
        raise InvalidValue("unassigned_for",
                           f"It should be one of these values: '{','.join(UNASSIGNED_FOR)}'")
    return value


def _auto_ticket_assign(value: Any) -> int:
    if isinstance(value, bool):  # old payloads: true was round robin
        return int(value)
    if not isinstance(value, int) or value not in AUTO_TICKET_ASSIGN:
        raise InvalidValue("auto_ticket_assign", one_of_message(AUTO_TICKET_ASSIGN))
    return int(value)


_CHECKS = {
    "name": _name,
    "description": partial(optional_string, "description", max_length=None),
    "business_hour_id": partial(optional_id, "business_hour_id"),
    "escalate_to": partial(optional_id, "escalate_to"),
    "unassigned_for": _unassigned_for,
    "auto_ticket_assign": _auto_ticket_assign,
    "agent_ids": partial(id_list, "agent_ids"),
}
DEFAULTS = {"description": None, "business_hour_id": None, "escalate_to": None,
            "unassigned_for": "30m", "auto_ticket_assign": 0}


def checked_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """Return the group's fields checked and normalised, or raise one ValidationFailed (the
    handler looks up names and ids only once they are known to be storable)."""
    return collect({name: partial(_CHECKS[name], value) if name in _CHECKS
                    else partial(_unknown_field, name) for name, value in values.items()})


def _unknown_field(name: str) -> None:
    raise InvalidValue(name, "Unexpected/invalid field in request", code="invalid_field")


# -- decide ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class GroupDecision:
    """What a group command appends: the group's events, the name claims it moves (key →
    events), and events of the agents whose membership changes (agent id → event)."""

    events: list[GroupEvent]
    claims: dict[str, list[DomainEvent]] = field(default_factory=dict)
    members: dict[int, AgentUpdated] = field(default_factory=dict)
    agent_ids: tuple[int, ...] = ()


def create(command: CreateGroup, ctx: DecisionContext) -> GroupDecision:
    """Decide a new group under `ctx.ids["group"]`. `ctx.refs`: `name_owner` (the group that
    holds the name already, None: nobody), `agents` (state of each agent named by
    `escalate_to` or `agent_ids`, None: no such agent)."""
    sent = {**DEFAULTS, "agent_ids": (), **command.fields}
    if "name" not in command.fields:
        sent["name"] = None
    new = checked_fields(sent)
    wanted = new.pop("agent_ids")
    _check_people(new.get("escalate_to"), wanted, ctx)
    owner = ctx.refs.get("name_owner")
    if owner is not None:
        raise DuplicateGroup(owner)
    group_id, at, actor = ctx.new_id("group"), ctx.now, ctx.actor_id
    agents = _agents(ctx, wanted)
    return GroupDecision(
        [GroupCreated(group_id=group_id, at=at, actor_id=actor, **new)],
        {name_key(new["name"]): [GroupNameClaimed(name=name_key(new["name"]), group_id=group_id,
                                                  at=at, actor_id=actor)]},
        membership(group_id, wanted, agents, ctx), wanted)


def update(state: GroupState, command: UpdateGroup, ctx: DecisionContext) -> GroupDecision:
    """Decide an update. `ctx.refs` as for `create`, plus `members`: the ids of the group's
    current members (from the agents' rows); `agents` then holds their states too."""
    _require_live(state, command.group_id)
    new = checked_fields(command.changes)
    wanted = new.pop("agent_ids", None)
    _check_people(new.get("escalate_to") if new.get("escalate_to") != state.escalate_to
                  else None, wanted or (), ctx)
    moved = {k: v for k, v in new.items() if v != getattr(state, k)}
    claims: dict[str, list[DomainEvent]] = {}
    if "name" in moved and name_key(moved["name"]) != name_key(state.name or ""):
        owner = ctx.refs.get("name_owner")
        if owner is not None and owner != state.id:
            raise DuplicateGroup(owner)
        claims = {name_key(state.name or ""): [ClaimReleased(at=ctx.now, actor_id=ctx.actor_id)],
                  name_key(moved["name"]): [GroupNameClaimed(
                      name=name_key(moved["name"]), group_id=state.id, at=ctx.now,
                      actor_id=ctx.actor_id)]}
    events: list[GroupEvent] = (
        [GroupUpdated(changes=moved, at=ctx.now, actor_id=ctx.actor_id)] if moved else [])
    current = tuple(ctx.refs.get("members", ()))
    members = tuple(wanted) if wanted is not None else current
    changes = (membership(state.id, members, _agents(ctx, (*current, *members)), ctx)
               if wanted is not None else {})
    return GroupDecision(events, claims, changes, members)


def delete(state: GroupState, command: DeleteGroup, ctx: DecisionContext) -> GroupDecision:
    """Delete the group: its name is free again and its members leave it."""
    _require_live(state, command.group_id)
    current = tuple(ctx.refs.get("members", ()))
    return GroupDecision(
        [GroupDeleted(at=ctx.now, actor_id=ctx.actor_id)],
        {name_key(state.name or ""): [ClaimReleased(at=ctx.now, actor_id=ctx.actor_id)]},
        membership(state.id, (), _agents(ctx, current), ctx))


def _require_live(state: GroupState, group_id: int) -> None:
    if not state.live:
        raise GroupNotFound(f"Group {group_id} not found")


def _check_people(escalate_to: int | None, agent_ids: tuple[int, ...], ctx: DecisionContext
                  ) -> None:
    """Who a group names must be an active agent of the desk."""
    agents = ctx.refs.get("agents", {})
    errors = []
    if escalate_to is not None and not _active(agents.get(escalate_to)):
        errors.append(InvalidValue("escalate_to", "There is no agent with this escalate_to"))
    missing = unknown_ids("agent_ids", agent_ids,
                          {i: a for i, a in agents.items() if _active(a)})
    if missing:
        errors.append(missing)
    if errors:
        raise ValidationFailed(errors)


def _active(agent: AgentState | None) -> bool:
    return agent is not None and agent.exists and agent.active


def _agents(ctx: DecisionContext, ids: tuple[int, ...]) -> dict[int, AgentState]:
    agents = ctx.refs.get("agents", {})
    return {i: agents[i] for i in dict.fromkeys(ids) if _active(agents.get(i))}
