"""Group queries, answered from the group read table; members from the agents' rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from people.domain.groups import GroupState
from people.models import AgentProfile, GroupView
from people.projections.groups import group_state
from shopnest.mediator import MessageContext
from shopnest.messages import Query


@dataclass(frozen=True)
class ListGroups(Query):
    reads: ClassVar[tuple[str, ...]] = ("groups",)

    page: int = 1
    per_page: int = 30


@dataclass(frozen=True)
class GetGroup(Query):
    reads: ClassVar[tuple[str, ...]] = ("groups", "accounts")

    group_id: int


@dataclass(frozen=True)
class GroupRead:
    group: GroupState
    agent_ids: tuple[int, ...]


def list_groups(query: ListGroups, ctx: MessageContext) -> tuple[list[GroupState], bool]:
    """Live groups by name (then id), one page, and whether another follows."""
    rows = GroupView.objects.filter(deleted=False).order_by("name", "id")
    offset = (query.page - 1) * query.per_page
    page = list(rows.values()[offset : offset + query.per_page + 1])
    return [group_state(row) for row in page[: query.per_page]], len(page) > query.per_page


def get_group(query: GetGroup, ctx: MessageContext) -> GroupRead | None:
    row = GroupView.objects.filter(id=query.group_id, deleted=False).values().first()
    if row is None:
        return None
    return GroupRead(group_state(row), members(query.group_id))


def members(group_id: int) -> tuple[int, ...]:
    """The active agents whose rows list the group (the agents' streams hold membership)."""
    return tuple(AgentProfile.objects.filter(group_ids__contains=[group_id], active=True)
                 .order_by("user_id").values_list("user_id", flat=True))
