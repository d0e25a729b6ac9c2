"""The groups projection: group streams → the group read table (the whole state, lossless)."""

from __future__ import annotations

from dataclasses import fields

from people.domain.groups import GROUP, GroupState
from people.models import GroupView
from shopnest.domain.data import from_data, to_data
from shopnest.eventstore.streams import Stream
from shopnest.projections.aggregate import AggregateProjection, Change
from shopnest.projections.upsert import bulk_upsert
from shopnest.timestamps import format_datetime

GROUP_TABLE = GroupView._meta.db_table
_COLUMNS = tuple(f.name for f in fields(GroupState) if f.name not in ("exists", "id"))


def group_row(group: Stream[GroupState]) -> dict:
    data = to_data(group.state)
    return {"id": group.key, "version": group.version, **{name: data[name] for name in _COLUMNS}}


def group_state(row: dict) -> GroupState:
    return from_data(GroupState, {"exists": True, "id": row["id"],
                                  **{name: format_datetime(row[name]) for name in _COLUMNS}})


class GroupsProjection(AggregateProjection):
    name = "groups"
    aggregate = GROUP
    tables = (GROUP_TABLE,)

    def stored_versions(self, keys):
        return dict(GroupView.objects.filter(id__in=keys).values_list("id", "version"))

    def load(self, keys):
        return {row["id"]: Stream(GROUP, row["id"], group_state(row), row["version"])
                for row in GroupView.objects.filter(id__in=keys).values()}

    def save(self, changes: list[Change]) -> None:
        bulk_upsert(GROUP_TABLE, [group_row(after) for _, after in changes], key=("id",))
