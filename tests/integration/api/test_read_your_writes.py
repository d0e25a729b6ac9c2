"""Read-your-writes (DESIGN.md "Consistency for clients"): a client reads its own writes at
once, without waiting for the periodic sweep (which does not run in the test suite)."""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection

from shopnest.eventstore.horizon import APPENDERS_LOCK
from tests.integration.api.conftest import Api, ids, make_agent, new_ticket_body


def test_a_created_ticket_is_in_the_very_next_list(api):
    created = api.post("tickets", new_ticket_body()).json()
    response = api.get("tickets")
    assert ids(response) == [created["id"]]
    assert response["X-Consistency"] == "consistent"


def test_a_created_ticket_can_be_viewed_at_once(api):
    created = api.post("tickets", new_ticket_body()).json()
    response = api.get(f"tickets/{created['id']}")
    assert response.status_code == 200
    assert response["X-Consistency"] == "consistent"


def test_a_note_is_in_the_very_next_conversation_list(api, create_ticket):
    ticket = create_ticket()
    note = api.post(f"tickets/{ticket['id']}/notes", {"body": "just now"}).json()
    response = api.get(f"tickets/{ticket['id']}/conversations")
    assert ids(response) == [note["id"]]
    assert response["X-Consistency"] == "consistent"


def test_an_update_is_in_the_very_next_view(api, create_ticket):
    ticket = create_ticket()
    api.put(f"tickets/{ticket['id']}", {"status": 5})
    response = api.get(f"tickets/{ticket['id']}")
    assert response.json()["status"] == 5
    assert response["X-Consistency"] == "consistent"


def test_a_client_that_never_wrote_gets_no_consistency_header(create_ticket):
    create_ticket()
    reader = Api(make_agent("Reader").key)
    response = reader.get("tickets")
    assert response.status_code == 200
    assert "X-Consistency" not in response


@pytest.fixture
def older_open_transaction():
    """Another client's appending transaction, begun before ours and still open (it takes
    the appenders' lock as es_append does, then its transaction id)."""
    params = {k: v for k, v in connection.get_connection_params().items()
              if k not in {"cursor_factory", "context"}}
    other = psycopg.connect(**params)
    other.execute("SELECT pg_advisory_xact_lock_shared(%s, %s)", list(APPENDERS_LOCK))
    other.execute("SELECT txid_current()")  # takes a transaction id: an appender in flight
    yield other
    other.close()


def test_a_write_committed_behind_an_older_open_transaction_is_still_read_at_once(
        api, older_open_transaction):
    created = api.post("tickets", new_ticket_body()).json()
    older_open_transaction.rollback()
    response = api.get("tickets")
    assert ids(response) == [created["id"]]
    assert response["X-Consistency"] == "consistent"
