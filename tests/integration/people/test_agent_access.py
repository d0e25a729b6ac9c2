"""`people.queries.access.agent_access`: an agent's scope, groups, admin flag and activity,
read from the accounts read tables (what ticket scopes are enforced with)."""

from __future__ import annotations

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.domain.agent_changes import DeactivateAgent, UpdateAgent
from people.domain.groups import CreateGroup, DeleteGroup
from people.queries.access import AgentAccess, agent_access
from people.registration import send_now
from shopnest.mediator import mediator
from shopnest.projections import consistency, registry, runner
from tests.integration.api.conftest import make_agent
from tests.integration.api.test_agents import make_admin


def settled(outcome, projections=("accounts", "groups")):
    """Run the projections until they show `outcome` (what the worker and the sweep do)."""
    deadline = time.monotonic() + 30
    while not consistency.has_reached(projections, outcome.token):
        assert time.monotonic() < deadline, "the projections never caught up"
        for name in projections:
            runner.run_until_caught_up(registry.get(name))
    return outcome


def projected(command):
    return settled(mediator.send(command))


def test_a_new_agent_has_global_scope_no_groups_and_is_active_but_no_admin():
    agent = make_agent()

    with CaptureQueriesContext(connection) as queries:
        access = agent_access(agent.id)

    assert access == AgentAccess(agent_id=agent.id, ticket_scope=1, group_ids=frozenset(),
                                 is_admin=False, active=True)
    assert len(queries.captured_queries) == 1


def test_an_admin_is_an_admin():
    assert agent_access(make_admin().id).is_admin


def test_an_unknown_agent_has_no_access():
    access = agent_access(987654321)

    assert not access.active and not access.is_admin and access.ticket_scope == 3


def test_scope_and_groups_follow_the_agent_and_a_deleted_group_grants_nothing():
    agent = make_agent()
    support = projected(CreateGroup(fields={"name": "Support"})).result["group"]["id"]
    billing = projected(CreateGroup(fields={"name": "Billing"})).result["group"]["id"]

    projected(UpdateAgent(agent_id=agent.id, changes={"ticket_scope": 2,
                                                      "group_ids": [support, billing]}))
    assert agent_access(agent.id).ticket_scope == 2
    assert agent_access(agent.id).group_ids == {support, billing}

    projected(DeleteGroup(group_id=billing))
    assert agent_access(agent.id).group_ids == {support}


def test_a_deactivated_agent_is_inactive():
    agent = make_agent()

    send_now(DeactivateAgent(agent_id=agent.id))

    assert not agent_access(agent.id).active
