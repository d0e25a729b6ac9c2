"""Agents' decisions, given state / when command / then events (no database)."""

from __future__ import annotations

import pytest

from people.domain import roles
from people.domain.agent_changes import (
    DeactivateAgent,
    RotateAgentKey,
    UpdateAgent,
    deactivate,
    membership,
    rotate_key,
    update,
)
from people.domain.agents import (
    AGENT,
    AgentDeactivated,
    AgentEmailClaimed,
    AgentKeyRotated,
    AgentNotFound,
    AgentRegistered,
    AgentState,
    AgentUpdated,
    DuplicateAgent,
    RegisterAgent,
    registration,
)
from people.domain.groups import GroupState
from shopnest.domain.aggregate import ClaimReleased, DecisionContext
from shopnest.domain.errors import ValidationFailed
from shopnest.domain.events import decode

NOW = "2026-01-02T03:04:05Z"
ADA = AgentState(exists=True, id=7, email="ada@shopnest.example", name="Ada",
                 api_key_hash="old-hash", role_ids=(4,))


def ctx(**refs) -> DecisionContext:
    return DecisionContext(now=NOW, actor_id=1, ids={"agent": 7},
                           refs={"api_key_hash": "h", **refs})


def register(**profile) -> AgentRegistered:
    command = RegisterAgent(email="Ada@ShopNest.example", name=" Ada ", api_key="k",
                            profile=profile)
    return registration(command, ctx(groups={5: GroupState(exists=True, id=5, name="G")}
                                     )).registered


def fields(errors: ValidationFailed) -> list[tuple[str, str]]:
    return [(e.field, e.code) for e in errors.errors]


def test_a_registration_without_a_profile_is_a_global_agent():
    event = register()

    assert (event.email, event.name, event.ticket_scope, event.role_ids, event.is_admin) == (
        "ada@shopnest.example", "Ada", 1, [4], False)
    assert (event.language, event.time_zone, event.group_ids) == ("en", "UTC", [])


def test_admin_roles_make_an_admin():
    assert register(role_ids=[2]).is_admin
    assert not register(role_ids=[3, 4]).is_admin


def test_the_is_admin_flag_of_tools_becomes_the_account_administrator_role():
    command = RegisterAgent(email="a@b.example", name="A", api_key="k", is_admin=True)

    event = registration(command, ctx()).registered

    assert (event.role_ids, event.is_admin) == ([1], True)


@pytest.mark.parametrize("profile, expected", [
    ({"role_ids": [9]}, [("role_ids", "invalid_value")]),
    ({"group_ids": [6]}, [("group_ids", "invalid_value")]),
    ({"ticket_scope": "1"}, [("ticket_scope", "invalid_value")]),
    ({"group_ids": [True]}, [("group_ids", "datatype_mismatch")]),
    ({"signature": "\x00"}, [("signature", "invalid_value")]),
    ({"colour": "red"}, [("colour", "invalid_field")]),
])
def test_a_bad_profile_is_refused_field_by_field(profile, expected):
    with pytest.raises(ValidationFailed) as refused:
        register(**profile)

    assert fields(refused.value) == expected


def test_a_version_1_registration_reads_as_an_agent_with_the_roles_of_its_flag():
    data = {"agent_id": 3, "email": "x@y.example", "name": "X", "is_admin": True,
            "api_key_hash": "h", "password_hash": None, "at": NOW}

    event = decode("AgentRegistered", 1, data)

    assert (event.role_ids, event.ticket_scope, event.group_ids) == ([1], 1, [])
    assert AGENT.fold([event]).is_admin


def test_an_update_records_only_what_moved_and_admin_follows_the_roles():
    change = update(ADA, UpdateAgent(agent_id=7, changes={"name": "Ada", "role_ids": [1],
                                                         "job_title": "Lead"}), ctx())

    assert change.events == [AgentUpdated(changes={"role_ids": [1], "is_admin": True,
                                                   "job_title": "Lead"}, at=NOW, actor_id=1)]
    assert AGENT.fold(change.events, ADA).is_admin


def test_becoming_available_sets_available_since_and_leaving_clears_it():
    on = update(ADA, UpdateAgent(agent_id=7, changes={"available": True}), ctx()).events
    later = AGENT.fold(on, ADA)
    off = update(later, UpdateAgent(agent_id=7, changes={"available": False}), ctx()).events

    assert on[0].changes == {"available": True, "available_since": NOW}
    assert off[0].changes == {"available": False, "available_since": None}


def test_a_new_email_moves_its_claim_unless_another_agent_holds_it():
    change = update(ADA, UpdateAgent(agent_id=7, changes={"email": "A2@shopnest.example"}),
                    ctx(email_owner=None))

    assert change.claims.released == ("ada@shopnest.example", ClaimReleased(at=NOW, actor_id=1))
    assert change.claims.claimed == ("a2@shopnest.example", AgentEmailClaimed(
        email="a2@shopnest.example", agent_id=7, at=NOW, actor_id=1))
    with pytest.raises(DuplicateAgent):
        update(ADA, UpdateAgent(agent_id=7, changes={"email": "b@shopnest.example"}),
               ctx(email_owner=8))


def test_a_deactivated_agent_is_gone_for_every_command():
    gone = AGENT.fold(deactivate(ADA, DeactivateAgent(agent_id=7), ctx()), ADA)

    assert not gone.active
    with pytest.raises(AgentNotFound):
        deactivate(gone, DeactivateAgent(agent_id=7), ctx())
    with pytest.raises(AgentNotFound):
        update(gone, UpdateAgent(agent_id=7, changes={"name": "Back"}), ctx())


def test_deactivation_is_one_event():
    assert deactivate(ADA, DeactivateAgent(agent_id=7), ctx()) == [
        AgentDeactivated(at=NOW, actor_id=1)]


def test_a_new_key_releases_the_old_claim_and_claims_the_new():
    change = rotate_key(ADA, RotateAgentKey(agent_id=7, api_key="new"),
                        ctx(api_key_hash="new-hash", key_owner=None))

    assert change.events == [AgentKeyRotated(api_key_hash="new-hash", at=NOW, actor_id=1)]
    assert change.claims.released[0] == "old-hash"
    assert change.claims.claimed[0] == "new-hash"
    with pytest.raises(DuplicateAgent):
        rotate_key(ADA, RotateAgentKey(agent_id=7, api_key="x"),
                   ctx(api_key_hash="taken", key_owner=9))
    assert rotate_key(ADA, RotateAgentKey(agent_id=7, api_key="x"),
                      ctx(api_key_hash="old-hash")).events == []


def test_membership_adds_and_removes_only_whom_it_must():
    inside = AgentState(exists=True, id=1, group_ids=(5, 6))
    outside = AgentState(exists=True, id=2, group_ids=(6,))
    staying = AgentState(exists=True, id=3, group_ids=(5,))

    events = membership(5, (2, 3), {1: inside, 2: outside, 3: staying}, ctx())

    assert {k: e.changes for k, e in events.items()} == {1: {"group_ids": [6]},
                                                         2: {"group_ids": [6, 5]}}


def test_the_roles_catalogue_has_fixed_ids():
    assert [(r.id, r.name) for r in roles.ROLES] == [
        (1, "Account Administrator"), (2, "Administrator"), (3, "Supervisor"), (4, "Agent")]
