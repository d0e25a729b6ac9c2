"""Schemathesis past the 404 of the contact operations: generated ids almost never name a
contact, so every {contact_id} operation is aimed at a real one (never a 5xx)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from tests.integration.api.conftest import Api
from tests.integration.api.contacts import new_contact_body
from tests.integration.api.test_schemathesis import API_KEY, schema
from tests.integration.api.test_schemathesis import admin_agent as admin_agent  # noqa: F401


@pytest.fixture
def existing_contact() -> int:
    response = Api(API_KEY).post("contacts", new_contact_body(other_emails=["o@example.com"]))
    assert response.status_code == 201, response.content
    return response.json()["id"]


@schema.include(path_regex=r"\{contact_id\}").parametrize()
# One contact for all of an operation's examples: edits, deletes and restores pile up on it.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_operation_on_an_existing_contact_answers_a_server_error(case, existing_contact):
    case.path_parameters = {name: existing_contact if name == "contact_id" else value
                            for name, value in (case.path_parameters or {}).items()}
    case.call_and_validate(checks=[not_a_server_error])

