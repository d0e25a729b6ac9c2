"""`manage.py issue_api_key`: a new key works at once, the old one no longer does."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from people.domain.agent_changes import DeactivateAgent
from people.registration import send_now
from shopnest.eventstore.store import read_stream
from tests.integration.api.conftest import Api, make_agent


def _issue(**options) -> str:
    out = io.StringIO()
    call_command("issue_api_key", stdout=out, **options)
    return out.getvalue()


def test_a_generated_key_replaces_the_old_one():
    agent = make_agent()

    printed = _issue(email=agent.email.upper())

    new_key = printed.split("api key:")[1].split()[0]
    assert new_key != agent.key and f"agent {agent.id}" in printed
    assert Api(agent.key).get("agents/me").status_code == 401
    assert Api(new_key).get("agents/me").json()["id"] == agent.id
    assert [e.type for e in read_stream(f"agent-{agent.id}")] == [
        "AgentRegistered", "AgentKeyRotated"]


def test_a_given_key_is_set_and_the_old_keys_claim_is_released():
    agent = make_agent()

    _issue(email=agent.email, key="my-chosen-key-123")

    assert Api("my-chosen-key-123").get("agents/me").status_code == 200
    assert Api(agent.key).get("agents/me").status_code == 401
    # The old key is free again: another agent may be registered with it.
    other = make_agent("Bo", key=agent.key)
    assert Api(agent.key).get("agents/me").json()["id"] == other.id


def test_a_key_another_agent_holds_is_refused():
    agent, other = make_agent(), make_agent("Bo")

    with pytest.raises(CommandError, match="api_key"):
        _issue(email=agent.email, key=other.key)

    assert Api(agent.key).get("agents/me").status_code == 200


def test_an_unknown_or_deactivated_address_is_an_error():
    agent = make_agent()
    send_now(DeactivateAgent(agent_id=agent.id))

    with pytest.raises(CommandError, match="no active account"):
        _issue(email="nobody@shopnest.example")
    with pytest.raises(CommandError, match="no active account"):
        _issue(email=agent.email)


def test_a_blank_key_is_refused():
    agent = make_agent()

    with pytest.raises(CommandError, match="api_key"):
        _issue(email=agent.email, key="  ")
