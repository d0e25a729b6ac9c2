"""The built-in roles: GET /roles and /roles/{id} (admins only)."""

from __future__ import annotations

from .conftest import Api
from .test_agents import make_admin


def test_the_four_built_in_roles_are_listed_with_fixed_ids():
    roles = Api(make_admin().key).get("roles").json()

    assert [(r["id"], r["name"], r["default"]) for r in roles] == [
        (1, "Account Administrator", True), (2, "Administrator", True),
        (3, "Supervisor", True), (4, "Agent", True)]
    assert all(r["created_at"] and r["updated_at"] and r["description"] for r in roles)


def test_one_role_and_an_unknown_one():
    api = Api(make_admin().key)

    assert api.get("roles/3").json()["name"] == "Supervisor"
    assert api.get("roles/5").status_code == 404


def test_non_admins_may_not_read_roles(agent):
    assert Api(agent.key).get("roles").status_code == 403


def test_an_agents_roles_make_it_an_admin_or_not(agent):
    api = Api(make_admin().key)

    assert api.get(f"agents/{agent.id}").json()["role_ids"] == [4]
    api.put(f"agents/{agent.id}", {"role_ids": [1]})
    assert Api(agent.key).get("roles").status_code == 200
    api.put(f"agents/{agent.id}", {"role_ids": [3]})
    assert Api(agent.key).get("roles").status_code == 403
