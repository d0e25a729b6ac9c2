"""Schemathesis against our own OpenAPI schema: every operation, with data that fits the
schema (positive) and data that breaks it (negative), must never be answered with a 5xx.

The app is called in-process through WSGI (the test database, eager projections), as an
admin agent so that the /agents operations run past their 403. The run is reproducible: one
fixed seed, derandomized generation and a bounded number of examples per operation.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from config.wsgi import application
from tests.integration.api.conftest import Api, new_ticket_body

SEED = 20_240_601
EXAMPLES_PER_OPERATION = 30
# The agent's key must be known when the schema is loaded (at collection), while the agent
# itself is registered for each operation's test, after the store was emptied.
API_KEY = f"key-schemathesis-{uuid.uuid4().hex}"

# The schema is served without credentials and built without the database (drf-spectacular).
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application,
                                        config=schemathesis.Config(seed=SEED))
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=EXAMPLES_PER_OPERATION,
    deterministic=True,
    database="none",
)
schema.config.update(basic_auth=(API_KEY, "X"))


@dataclass(frozen=True)
class Existing:
    ticket_id: int
    note_id: int


@pytest.fixture(autouse=True)
def admin_agent(clean_state):
    call_command("createagent", email=f"st-{uuid.uuid4().hex[:10]}@shopnest.example",
                 name="Schemathesis Admin", api_key=API_KEY, admin=True, stdout=io.StringIO())


@pytest.fixture
def existing() -> Existing:
    """A ticket with a note, so that operations on one get past their 404."""
    api = Api(API_KEY)
    ticket = api.post("tickets", new_ticket_body())
    assert ticket.status_code == 201, ticket.content
    note = api.post(f"tickets/{ticket.json()['id']}/notes", {"body": "<p>checked</p>"})
    assert note.status_code == 201, note.content
    return Existing(ticket_id=ticket.json()["id"], note_id=note.json()["id"])


@schema.parametrize()
def test_no_operation_answers_a_server_error(case):
    case.call_and_validate(checks=[not_a_server_error])


@schema.include(path_regex=r"\{(ticket_id|conversation_id)\}").parametrize()
# One ticket for all of an operation's examples, on purpose: spam, delete and edits pile up
# on it as they would from a real client.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_operation_on_an_existing_ticket_answers_a_server_error(case, existing):
    # Generated ids almost never name a ticket: aim at a real one to fuzz what lies past 404.
    real = {"ticket_id": existing.ticket_id, "conversation_id": existing.note_id}
    case.path_parameters = {name: real.get(name, value)
                            for name, value in (case.path_parameters or {}).items()}
    case.call_and_validate(checks=[not_a_server_error])
