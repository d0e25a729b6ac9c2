"""HTTP Basic with the API key (FRESHDESK_API.md §1)."""

from __future__ import annotations

import base64

from tests.integration.api.conftest import Api

INVALID_CREDENTIALS = {"code": "invalid_credentials",
                       "message": "You have to be logged in to perform this action."}


def test_every_endpoint_without_credentials_is_a_401_invalid_credentials():
    anonymous = Api(None)
    calls = [("get", "tickets"), ("post", "tickets"), ("get", "tickets/1"),
             ("put", "tickets/1"), ("delete", "tickets/1"), ("put", "tickets/1/restore"),
             ("put", "tickets/1/spam"), ("put", "tickets/1/unspam"), ("post", "tickets/1/reply"),
             ("post", "tickets/1/notes"), ("get", "tickets/1/conversations"),
             ("get", "tickets/1/activities"), ("put", "conversations/1"),
             ("delete", "conversations/1")]
    answers = {(method, path): getattr(anonymous, method)(path) for method, path in calls}
    assert {call: r.status_code for call, r in answers.items()} == dict.fromkeys(calls, 401)
    assert all(r.json() == INVALID_CREDENTIALS for r in answers.values())


def test_an_unknown_api_key_is_a_401(create_ticket):
    create_ticket()
    response = Api("not-a-real-key").get("tickets")
    assert response.status_code == 401
    assert response.json() == INVALID_CREDENTIALS


def test_a_malformed_authorization_header_is_a_401():
    headers = ["Bearer abc", "Basic", "Basic ", "Basic !!!not-base64!!!", "Digest a=b",
               "Basic " + base64.b64encode(b":X").decode(),
               "Basic " + base64.b64encode(b"\xff\xfe:X").decode()]
    for header in headers:
        response = Api(None).get("tickets", HTTP_AUTHORIZATION=header)
        assert (header, response.status_code) == (header, 401)
        assert response.json() == INVALID_CREDENTIALS


def test_the_password_half_is_ignored(agent):
    for password in ("X", "", "unused_with_api_key", "a:b:c", "wrong"):
        response = Api(agent.key, password=password).get("tickets")
        assert (password, response.status_code) == (password, 200)


def test_a_key_without_any_colon_is_accepted(agent):
    header = "Basic " + base64.b64encode(agent.key.encode()).decode()
    assert Api(None).get("tickets", HTTP_AUTHORIZATION=header).status_code == 200


def test_the_api_key_as_password_does_not_authenticate(agent):
    assert Api("X", password=agent.key).get("tickets").status_code == 401


def test_the_401_tells_the_client_to_use_basic_auth():
    response = Api(None).get("tickets")
    assert response["WWW-Authenticate"].startswith("Basic")


def test_a_known_key_costs_one_small_query_and_a_changed_agent_is_loaded_again(agent):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def agent_reads() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert Api(agent.key).get("agents/me").status_code == 200
        # The key lookups, not the view's own reads of the agent.
        return [q["sql"] for q in captured.captured_queries
                if 'api_key_hash" = ' in q["sql"] or "p.api_key_hash = " in q["sql"]]

    agent_reads()
    [check] = agent_reads()
    assert check.startswith("SELECT p.id, p.user_id, p.version, p.updated_at FROM people_agent")

    with connection.cursor() as cursor:  # as the projection does when the agent changes
        cursor.execute("UPDATE people_agent SET version = version + 1, job_title = 'Lead' "
                       "WHERE user_id = %s", [agent.id])
    reads = agent_reads()
    assert len(reads) == 2  # the check, then the rows at their new version


def test_a_key_now_held_by_another_agent_at_the_same_version_is_theirs(agent):
    from django.db import connection

    from tests.integration.api.conftest import make_agent

    other = make_agent("Bo Other")
    assert Api(agent.key).get("agents/me").json()["id"] == agent.id  # remembered now
    with connection.cursor() as cursor:  # the key's row is now the other agent's
        cursor.execute("SELECT version, updated_at FROM people_agent WHERE user_id = %s",
                       [agent.id])
        version, updated_at = cursor.fetchone()
        cursor.execute("UPDATE people_agent SET api_key_hash = 'moved' WHERE user_id = %s",
                       [agent.id])
        cursor.execute(
            "UPDATE people_agent SET api_key_hash = encode(sha256(%s::bytea), 'hex'), "
            "version = %s, updated_at = %s WHERE user_id = %s",
            [agent.key, version, updated_at, other.id])

    assert Api(agent.key).get("agents/me").json()["id"] == other.id
