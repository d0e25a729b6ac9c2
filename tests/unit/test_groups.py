"""Groups' decisions, given state / when command / then events (no database)."""

from __future__ import annotations

import pytest

from people.domain.agents import AgentState
from people.domain.groups import (
    GROUP,
    CreateGroup,
    DeleteGroup,
    DuplicateGroup,
    GroupCreated,
    GroupDeleted,
    GroupNameClaimed,
    GroupNotFound,
    GroupUpdated,
    UpdateGroup,
    create,
    delete,
    update,
)
from shopnest.domain.aggregate import ClaimReleased, DecisionContext
from shopnest.domain.errors import ValidationFailed

NOW = "2026-01-02T03:04:05Z"
ADA = AgentState(exists=True, id=7, email="ada@shopnest.example", name="Ada")
GONE = AgentState(exists=True, id=8, email="gone@shopnest.example", name="Gone", active=False)


def ctx(**refs) -> DecisionContext:
    return DecisionContext(now=NOW, actor_id=1, ids={"group": 5},
                           refs={"agents": {7: ADA, 8: GONE}, **refs})


RETURNS = GROUP.fold(create(CreateGroup(fields={"name": "Returns"}), ctx()).events)


def codes(refused) -> list[tuple[str, str]]:
    return [(e.field, e.code) for e in refused.value.errors]


def test_a_new_group_claims_its_name_in_lower_case_and_takes_the_defaults():
    decided = create(CreateGroup(fields={"name": " Returns ", "agent_ids": [7]}), ctx())

    assert decided.events == [GroupCreated(group_id=5, name="Returns", at=NOW, actor_id=1)]
    assert decided.claims == {"returns": [GroupNameClaimed(name="returns", group_id=5, at=NOW,
                                                           actor_id=1)]}
    assert {k: e.changes for k, e in decided.members.items()} == {7: {"group_ids": [5]}}


def test_a_taken_name_is_a_duplicate():
    with pytest.raises(DuplicateGroup):
        create(CreateGroup(fields={"name": "RETURNS"}), ctx(name_owner=4))


@pytest.mark.parametrize("fields, expected", [
    ({}, [("name", "missing_field")]),
    ({"name": "G", "agent_ids": [8]}, [("agent_ids", "invalid_value")]),
    ({"name": "G", "agent_ids": [99]}, [("agent_ids", "invalid_value")]),
    ({"name": "G", "escalate_to": 8}, [("escalate_to", "invalid_value")]),
    ({"name": "G", "unassigned_for": "1w"}, [("unassigned_for", "invalid_value")]),
    ({"name": "G", "auto_ticket_assign": 5}, [("auto_ticket_assign", "invalid_value")]),
    ({"name": "G", "business_hour_id": -1}, [("business_hour_id", "datatype_mismatch")]),
    ({"name": "G", "members": []}, [("members", "invalid_field")]),
])
def test_bad_fields_are_refused(fields, expected):
    with pytest.raises(ValidationFailed) as refused:
        create(CreateGroup(fields=fields), ctx())

    assert codes(refused) == expected


def test_an_old_boolean_auto_assign_is_round_robin_or_off():
    decided = create(CreateGroup(fields={"name": "G", "auto_ticket_assign": True}), ctx())

    assert decided.events[0].auto_ticket_assign == 1


def test_a_rename_releases_the_old_name_and_claims_the_new():
    decided = update(RETURNS, UpdateGroup(group_id=5, changes={"name": "Refunds"}), ctx())

    assert decided.events == [GroupUpdated(changes={"name": "Refunds"}, at=NOW, actor_id=1)]
    assert decided.claims == {
        "returns": [ClaimReleased(at=NOW, actor_id=1)],
        "refunds": [GroupNameClaimed(name="refunds", group_id=5, at=NOW, actor_id=1)]}


def test_a_change_of_letter_case_keeps_the_claim():
    decided = update(RETURNS, UpdateGroup(group_id=5, changes={"name": "RETURNS"}), ctx())

    assert decided.claims == {} and decided.events[0].changes == {"name": "RETURNS"}


def test_replacing_members_removes_those_left_out():
    member = AgentState(exists=True, id=7, name="Ada", group_ids=(5,))
    newcomer = AgentState(exists=True, id=9, name="Cy")

    decided = update(RETURNS, UpdateGroup(group_id=5, changes={"agent_ids": [9]}),
                     ctx(members=(7,), agents={7: member, 9: newcomer}))

    assert decided.events == []
    assert {k: e.changes for k, e in decided.members.items()} == {
        7: {"group_ids": []}, 9: {"group_ids": [5]}}
    assert decided.agent_ids == (9,)


def test_deleting_frees_the_name_and_empties_the_group_and_a_deleted_group_is_gone():
    member = AgentState(exists=True, id=7, name="Ada", group_ids=(5,))

    decided = delete(RETURNS, DeleteGroup(group_id=5), ctx(members=(7,), agents={7: member}))
    gone = GROUP.fold(decided.events, RETURNS)

    assert decided.events == [GroupDeleted(at=NOW, actor_id=1)]
    assert decided.claims == {"returns": [ClaimReleased(at=NOW, actor_id=1)]}
    assert decided.members[7].changes == {"group_ids": []}
    with pytest.raises(GroupNotFound):
        update(gone, UpdateGroup(group_id=5, changes={"name": "x"}), ctx())
    with pytest.raises(GroupNotFound):
        delete(gone, DeleteGroup(group_id=5), ctx())
