"""Signing in and the password page write no account row around the event store."""

from __future__ import annotations

from django.contrib.auth import get_user_model, user_logged_in
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shopnest.eventstore.store import read_stream
from tests.integration.admin.helpers import PASSWORD, Agent, settle

USER_TABLE = get_user_model()._meta.db_table


def _user_writes(queries) -> list[str]:
    return [q["sql"] for q in queries
            if q["sql"].startswith(("UPDATE", "INSERT", "DELETE")) and f'"{USER_TABLE}"' in q["sql"]]


def test_django_does_not_write_last_login_on_sign_in():
    dispatch_uids = [lookup_key[0] for lookup_key, *_ in user_logged_in.receivers]
    assert "update_last_login" not in dispatch_uids
    assert "shopnest_record_sign_in" in dispatch_uids


def test_signing_in_writes_the_user_row_only_through_the_accounts_projection(agent: Agent):
    client = Client()
    with CaptureQueriesContext(connection) as captured:
        assert client.login(username=agent.email, password=PASSWORD)

    # The projection's own upsert is `INSERT INTO auth_user ... ON CONFLICT`; nothing else.
    writes = _user_writes(captured.captured_queries)
    assert all(w.startswith(f'INSERT INTO {USER_TABLE}') for w in writes), writes


def test_signing_in_does_not_move_the_agents_updated_at(agent: Agent):
    profile_before = _profile_updated_at(agent)

    assert Client().login(username=agent.email, password=PASSWORD)
    settle(read_stream(f"agent-{agent.id}")[-1].token)

    assert read_stream(f"agent-{agent.id}")[-1].type == "AgentSignedIn"
    assert get_user_model().objects.get(id=agent.id).last_login is not None
    assert _profile_updated_at(agent) == profile_before


def _profile_updated_at(agent: Agent):
    from people.models import AgentProfile

    return AgentProfile.objects.get(user_id=agent.id).updated_at


def test_checking_an_old_password_in_an_old_hash_format_saves_nothing(agent, settings):
    # The agent's hash was made with MD5 (the test settings' hasher); now Django prefers
    # another, so its own checks would re-hash the password and save the row, on sign-in and
    # on the password page.
    old_hash = get_user_model().objects.get(id=agent.id).password
    assert old_hash.startswith("md5$")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher",
                                 "django.contrib.auth.hashers.MD5PasswordHasher"]
    client = Client()
    with CaptureQueriesContext(connection) as captured:
        assert client.login(username=agent.email, password=PASSWORD)
        response = client.post("/admin/password_change/", {
            "old_password": PASSWORD, "new_password1": "a", "new_password2": "b"})

    assert response.status_code == 200  # the new passwords differ: the form again
    assert not [w for w in _user_writes(captured.captured_queries) if "password" in w]
    assert get_user_model().objects.get(id=agent.id).password == old_hash


def test_a_user_who_is_no_agent_gets_a_message_not_a_500_on_the_password_page():
    user = get_user_model().objects.create_superuser("root-by-hand", "root@example.com", "pw")
    client = Client()
    assert client.login(username="root-by-hand", password="pw")

    response = client.post("/admin/password_change/", {
        "old_password": "pw", "new_password1": "n3w", "new_password2": "n3w"})

    assert response.status_code == 200
    assert b"not an agent" in response.content
    assert read_stream(f"agent-{user.id}") == []
