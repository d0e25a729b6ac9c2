"""The Agents and Groups pages: admins only; every change is a command."""

from __future__ import annotations

import pytest

from people.models import AgentProfile, GroupView
from shopnest.eventstore.store import read_stream
from tests.integration.admin.helpers import logged_in, make_agent, make_group, settle

AGENTS, GROUPS = "/admin/people/agentprofile/", "/admin/people/groupview/"


@pytest.fixture
def boss():
    return make_agent("Bea Boss", admin=True)


@pytest.fixture
def boss_client(boss):
    return logged_in(boss)


def _agent_types(agent_id: int) -> list[str]:
    return [e.type for e in read_stream(f"agent-{agent_id}")]


def test_a_non_admin_agent_gets_no_agents_or_groups_pages(client):
    index = client.get("/admin/").content.decode()

    assert AGENTS not in index and GROUPS not in index
    for path in (AGENTS, GROUPS, f"{AGENTS}add/", f"{GROUPS}add/"):
        assert client.get(path).status_code == 403, path
    assert client.post(f"{GROUPS}add/", {"name": "Sneaky"}).status_code == 403
    assert not GroupView.objects.exists()


def test_an_admin_lists_agents_and_groups(boss_client, agent):
    make_group("Returns")

    agents = boss_client.get(AGENTS)
    groups = boss_client.get(GROUPS)

    assert agents.status_code == 200 and agent.email in agents.content.decode()
    assert f"{AGENTS}{agent.id}/change/" in agents.content.decode()
    assert groups.status_code == 200 and "Returns" in groups.content.decode()


def test_an_admin_creates_an_agent_through_the_form(boss_client):
    response = boss_client.post(f"{AGENTS}add/", {
        "email": "dee@shopnest.example", "name": "Dee Desk", "ticket_scope": 2,
        "role_ids": [3], "language": "en", "time_zone": "UTC"})

    assert response.status_code == 302, response.content.decode()[:2000]
    listed = boss_client.get(response["Location"])  # the list waits for the admin's writes
    assert "dee@shopnest.example" in listed.content.decode()
    profile = AgentProfile.objects.get(user__email="dee@shopnest.example")
    assert (profile.ticket_scope, profile.role_ids) == (2, [3])
    assert _agent_types(profile.user_id) == ["AgentRegistered"]


def test_an_admin_edits_and_deactivates_an_agent(boss_client, agent):
    page = f"{AGENTS}{agent.id}/change/"
    form = boss_client.get(page).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (None, False)}

    edited = boss_client.post(page, {**data, "action": "save", "job_title": "Team lead"})
    assert edited.status_code == 302, edited.content.decode()[:2000]
    assert _agent_types(agent.id)[-1] == "AgentUpdated"

    removed = boss_client.post(page, {"action": "remove"})
    assert removed.status_code == 302
    assert _agent_types(agent.id)[-1] == "AgentDeactivated"
    settle(read_stream(f"agent-{agent.id}")[-1].token)
    assert boss_client.get(page).status_code == 404


def test_a_duplicate_email_is_shown_on_the_form(boss_client, agent):
    response = boss_client.post(f"{AGENTS}add/", {
        "email": agent.email, "name": "Twin", "ticket_scope": 1, "role_ids": [4],
        "language": "en", "time_zone": "UTC"})

    assert response.status_code == 200
    assert "email" in response.context["form"].errors


def test_an_admin_creates_edits_and_deletes_a_group(boss_client, agent):
    created = boss_client.post(f"{GROUPS}add/", {
        "name": "Returns", "unassigned_for": "1h", "auto_ticket_assign": 1,
        "agent_ids": [agent.id]})
    assert created.status_code == 302, created.content.decode()[:2000]
    assert "Returns" in boss_client.get(created["Location"]).content.decode()
    group = GroupView.objects.get(name="Returns")
    page = f"{GROUPS}{group.id}/change/"

    renamed = boss_client.post(page, {"action": "save", "name": "Refunds",
                                      "unassigned_for": "1h", "auto_ticket_assign": 1,
                                      "agent_ids": [agent.id]})
    assert renamed.status_code == 302
    assert [e.type for e in read_stream(f"group-{group.id}")] == ["GroupCreated", "GroupUpdated"]
    assert _agent_types(agent.id)[-1] == "AgentUpdated"  # joined the group

    deleted = boss_client.post(page, {"action": "remove"})
    assert deleted.status_code == 302
    assert [e.type for e in read_stream(f"group-{group.id}")][-1] == "GroupDeleted"
