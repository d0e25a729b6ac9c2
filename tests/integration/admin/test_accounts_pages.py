"""Agents' accounts in the back office change only through commands: signing in, and changing
one's password, append to the agent's stream; nothing writes the user row around it."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client

from people.registration import catch_up_to
from shopnest.eventstore.store import read_stream
from tests.integration.admin.helpers import PASSWORD, Agent
from tests.integration.eventstore.helpers import last_recorded

PASSWORD_PAGE = "/admin/password_change/"


def _agent_events(agent: Agent) -> list[str]:
    return [e.type for e in read_stream(f"agent-{agent.id}")]


def test_an_agent_signs_in_with_their_email_in_any_letter_case_and_the_sign_in_is_an_event(agent):
    client = Client()

    assert client.login(username=agent.email.upper(), password=PASSWORD)

    assert _agent_events(agent) == ["AgentRegistered", "AgentSignedIn"]
    # A worker projects the sign-in after its commit; on a busy server that takes a moment.
    catch_up_to(("accounts",), last_recorded())
    user = get_user_model().objects.get(id=agent.id)
    assert user.username == f"agent:{agent.id}"
    assert user.last_login is not None  # written by the accounts projection, from the event


def test_a_wrong_password_signs_nobody_in_and_records_nothing(agent):
    assert not Client().login(username=agent.email, password="not-it")

    assert _agent_events(agent) == ["AgentRegistered"]


def test_changing_ones_password_is_a_command_and_the_session_stays_signed_in(client, agent):
    before = get_user_model().objects.get(id=agent.id).password

    response = client.post(PASSWORD_PAGE, {"old_password": PASSWORD, "new_password1": "n3w-pw!",
                                           "new_password2": "n3w-pw!"})

    assert response.status_code == 302, response.content[:500]
    assert _agent_events(agent)[-1] == "AgentPasswordChanged"
    assert get_user_model().objects.get(id=agent.id).password != before
    assert client.get("/admin/").status_code == 200  # still signed in
    assert Client().login(username=agent.email, password="n3w-pw!")
    assert not Client().login(username=agent.email, password=PASSWORD)


def test_a_wrong_old_password_changes_nothing(client, agent):
    response = client.post(PASSWORD_PAGE, {"old_password": "nope", "new_password1": "x-1",
                                           "new_password2": "x-1"})

    assert response.status_code == 200  # the form again, with its error
    assert "AgentPasswordChanged" not in _agent_events(agent)
