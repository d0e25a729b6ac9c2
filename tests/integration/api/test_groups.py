"""Groups over the API (admins only): create, view, list, update, delete; membership agrees
whether it is set from the group (agent_ids) or from the agent (group_ids)."""

from __future__ import annotations

import pytest

from .conftest import Api, error_codes, make_agent
from .test_agents import make_admin


@pytest.fixture
def admin_api() -> Api:
    return Api(make_admin().key)


def _group(api: Api, name: str = "Returns", **fields) -> dict:
    response = api.post("groups", {"name": name, **fields})
    assert response.status_code == 201, response.content
    return response.json()


def test_an_admin_creates_a_group_with_every_field(admin_api, agent):
    response = admin_api.post("groups", {
        "name": "Returns", "description": "Parcels coming back", "business_hour_id": 7,
        "escalate_to": agent.id, "unassigned_for": "2h", "auto_ticket_assign": 1,
        "agent_ids": [agent.id]})

    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"].endswith(f"/api/v2/groups/{body['id']}")
    assert body | {"id": None, "created_at": None, "updated_at": None} == {
        "id": None, "name": "Returns", "description": "Parcels coming back",
        "business_hour_id": 7, "escalate_to": agent.id, "unassigned_for": "2h",
        "auto_ticket_assign": 1, "agent_ids": [agent.id], "created_at": None,
        "updated_at": None}
    assert body["created_at"] and body["updated_at"]
    assert admin_api.get(f"groups/{body['id']}").json() == body


def test_defaults_and_an_old_boolean_auto_ticket_assign(admin_api):
    plain = _group(admin_api, "Plain")
    old = _group(admin_api, "Old client", auto_ticket_assign=True)

    assert (plain["unassigned_for"], plain["auto_ticket_assign"], plain["agent_ids"]) == (
        "30m", 0, [])
    assert old["auto_ticket_assign"] == 1


def test_the_list_is_by_name_without_agent_ids(admin_api):
    _group(admin_api, "Zeta")
    _group(admin_api, "Alpha")

    listed = admin_api.get("groups").json()

    assert [g["name"] for g in listed] == ["Alpha", "Zeta"]
    assert all("agent_ids" not in g for g in listed)


def test_a_name_is_unique_in_any_letter_case_and_a_rename_frees_it(admin_api):
    returns = _group(admin_api, "Returns")

    duplicate = admin_api.post("groups", {"name": "RETURNS"})
    renamed = admin_api.put(f"groups/{returns['id']}", {"name": "Refunds"})
    again = admin_api.post("groups", {"name": "returns"})
    taken = admin_api.put(f"groups/{again.json()['id']}", {"name": "refunds"})

    assert duplicate.status_code == 409
    assert error_codes(duplicate) == [("name", "duplicate_value")]
    assert renamed.json()["name"] == "Refunds"
    assert again.status_code == 201
    assert taken.status_code == 409


def test_membership_set_from_the_group_shows_on_the_agent_and_back(admin_api):
    ada, bo = make_agent("Ada"), make_agent("Bo")
    group = _group(admin_api, agent_ids=[ada.id])

    assert admin_api.get(f"agents/{ada.id}").json()["group_ids"] == [group["id"]]

    admin_api.put(f"agents/{bo.id}", {"group_ids": [group["id"]]})
    assert admin_api.get(f"groups/{group['id']}").json()["agent_ids"] == sorted([ada.id, bo.id])

    replaced = admin_api.put(f"groups/{group['id']}", {"agent_ids": [bo.id]})
    assert replaced.json()["agent_ids"] == [bo.id]
    assert admin_api.get(f"agents/{ada.id}").json()["group_ids"] == []
    assert admin_api.get(f"groups/{group['id']}").json()["agent_ids"] == [bo.id]


def test_an_agent_created_with_groups_is_a_member(admin_api):
    group = _group(admin_api)

    created = admin_api.post("agents", {"email": "cy@shopnest.example", "ticket_scope": 2,
                                        "group_ids": [group["id"]]}).json()

    assert created["group_ids"] == [group["id"]]
    assert admin_api.get(f"groups/{group['id']}").json()["agent_ids"] == [created["id"]]


def test_a_deleted_group_is_gone_its_name_free_and_its_members_out(admin_api, agent):
    group = _group(admin_api, agent_ids=[agent.id])

    deleted = admin_api.delete(f"groups/{group['id']}")

    assert deleted.status_code == 204
    assert admin_api.get(f"groups/{group['id']}").status_code == 404
    assert admin_api.delete(f"groups/{group['id']}").status_code == 404
    assert admin_api.put(f"groups/{group['id']}", {"name": "x"}).status_code == 404
    assert admin_api.get(f"agents/{agent.id}").json()["group_ids"] == []
    assert admin_api.post("groups", {"name": group["name"]}).status_code == 201
    unknown = admin_api.put(f"agents/{agent.id}", {"group_ids": [group["id"]]})
    assert error_codes(unknown) == [("group_ids", "invalid_value")]


def test_members_and_escalation_must_be_active_agents(admin_api, agent):
    admin_api.delete(f"agents/{agent.id}")

    gone = admin_api.post("groups", {"name": "G", "agent_ids": [agent.id]})
    nobody = admin_api.post("groups", {"name": "G", "escalate_to": 99999999})

    assert error_codes(gone) == [("agent_ids", "invalid_value")]
    assert error_codes(nobody) == [("escalate_to", "invalid_value")]


@pytest.mark.parametrize("fields, field", [
    ({}, "name"),
    ({"name": "  "}, "name"),
    ({"name": "a\u0000"}, "name"),
    ({"name": "\udfff"}, "name"),
    ({"name": "x" * 256}, "name"),
    ({"name": ["list"]}, "name"),
    ({"name": "G", "description": {"nested": 1}}, "description"),
    ({"name": "G", "unassigned_for": "5m"}, "unassigned_for"),
    ({"name": "G", "auto_ticket_assign": 4}, "auto_ticket_assign"),
    ({"name": "G", "business_hour_id": 2**70}, "business_hour_id"),
    ({"name": "G", "escalate_to": "1"}, "escalate_to"),
    ({"name": "G", "agent_ids": [0]}, "agent_ids"),
    ({"name": "G", "agent_ids": [2**64]}, "agent_ids"),
    ({"name": "G", "colour": "red"}, "colour"),
])
def test_bad_input_is_a_400_naming_the_field(admin_api, fields, field):
    response = admin_api.post("groups", fields)

    assert response.status_code == 400, response.content
    assert field in [f for f, _ in error_codes(response)]


@pytest.mark.parametrize("method, path", [
    ("get", "groups"), ("post", "groups"), ("get", "groups/1"), ("put", "groups/1"),
    ("delete", "groups/1"),
])
def test_non_admins_get_access_denied(agent, method, path):
    api = Api(agent.key)
    call = getattr(api, method)

    response = call(path, {"name": "x"}) if method in ("post", "put") else call(path)

    assert response.status_code == 403
    assert response.json()["code"] == "access_denied"


@pytest.mark.parametrize("changes, field", [
    ({"name": None}, "name"),
    ({"name": "\u0000"}, "name"),
    ({"agent_ids": "all"}, "agent_ids"),
    ({"agent_ids": [123456789]}, "agent_ids"),
    ({"escalate_to": 2**63}, "escalate_to"),
    ({"auto_ticket_assign": "1"}, "auto_ticket_assign"),
])
def test_bad_input_to_an_update_is_a_400_and_changes_nothing(admin_api, changes, field):
    group = _group(admin_api)

    response = admin_api.put(f"groups/{group['id']}", changes)

    assert response.status_code == 400, response.content
    assert field in [f for f, _ in error_codes(response)]
    assert admin_api.get(f"groups/{group['id']}").json() == group


def test_an_unknown_group_is_404():
    api = Api(make_admin().key)

    assert api.get("groups/999999").status_code == 404
    assert api.put("groups/999999", {"name": "x"}).status_code == 404
    assert api.delete("groups/999999").status_code == 404


def test_an_update_that_leaves_the_members_alone_answers_with_them(admin_api, agent):
    group = _group(admin_api, agent_ids=[agent.id])

    renamed = admin_api.put(f"groups/{group['id']}", {"description": "Now with a description"})

    assert renamed.json()["agent_ids"] == [agent.id]
    assert admin_api.get(f"agents/{agent.id}").json()["group_ids"] == [group["id"]]
