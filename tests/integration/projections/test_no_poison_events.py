"""Whatever a command handler accepts, every projection can store.

History is append-only: an accepted event a read table cannot hold would stall its projection
for good. Each case here sends a command through the mediator, as a worker, script or e-mail
ingestion would (no API parsing in front), and then requires either a refusal up front or a
projection that stored it without a failure.
"""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth import get_user_model

from people.domain.agents import RegisterAgent
from people.models import AgentProfile
from shopnest.domain.errors import AlreadyExists, ValidationFailed
from shopnest.mediator import MessageContext, mediator
from shopnest.projections import registry, runner
from tests.integration.eventstore.helpers import last_recorded, wait_until_visible
from tests.integration.mediator.tickets import agent, open_ticket, update
from tests.integration.projections.ledger import projection_state
from tickets.models import TicketView

CLI = MessageContext(via="cli")


def project_everything() -> None:
    wait_until_visible(last_recorded())
    for projection in registry.all_projections():
        runner.run_until_caught_up(projection)


def assert_no_projection_failed() -> None:
    states = {p.name: projection_state(p.name) for p in registry.all_projections()}
    failed = {name: s for name, s in states.items()
              if s and (s["status"] != "running" or s["failures"])}
    assert not failed, failed


@pytest.mark.parametrize("due_by", ["2024-02-30T10:00:00Z", "2023-02-29T10:00:00Z",
                                    "2024-13-01T10:00:00Z", "0000-01-01T00:00:00Z",
                                    "2024-04-31T00:00:00Z", "2024-01-01T24:00:00Z"])
def test_an_impossible_calendar_date_sent_through_the_mediator_is_refused(due_by):
    ticket = open_ticket()

    with pytest.raises(ValidationFailed) as refused:
        update(ticket, agent(), due_by=due_by)

    assert [e.field for e in refused.value.errors] == ["due_by"]
    project_everything()
    assert_no_projection_failed()


def test_the_calendar_extremes_are_accepted_and_stored():
    ticket = open_ticket(due_by="0001-01-01T00:00:00Z", fr_due_by="9999-12-31T23:59:59Z")
    project_everything()

    assert_no_projection_failed()
    row = TicketView.objects.get(id=ticket)
    assert (row.due_by.year, row.fr_due_by.year) == (1, 9999)


def _register(email: str, *, name: str = "Ann Agent", key: str | None = None):
    return mediator.send(RegisterAgent(email=email, name=name,
                                       api_key=key or f"key-{uuid.uuid4().hex}"), CLI)


def test_an_agent_email_longer_than_a_user_name_is_stored():
    email = "a" * 190 + "@shopnest.example"  # 207 characters: Django's username holds 150

    agent_id = _register(email).result["agent_id"]
    project_everything()

    assert_no_projection_failed()
    assert get_user_model().objects.get(id=agent_id).email == email


def test_an_agent_email_longer_than_the_user_table_holds_is_refused():
    with pytest.raises(ValidationFailed) as refused:
        _register("a" * 250 + "@shopnest.example")

    assert [e.field for e in refused.value.errors] == ["email"]


def test_an_agent_name_longer_than_the_user_table_holds_is_refused():
    with pytest.raises(ValidationFailed) as refused:
        _register(f"{uuid.uuid4().hex}@shopnest.example", name="N" * 151)

    assert [e.field for e in refused.value.errors] == ["name"]


def test_an_agent_email_that_is_already_some_users_user_name_is_stored():
    email = f"{uuid.uuid4().hex[:10]}@shopnest.example"
    get_user_model().objects.create_user(username=email, email=email)  # made by hand, not an agent

    agent_id = _register(email).result["agent_id"]
    project_everything()

    assert_no_projection_failed()
    assert AgentProfile.objects.filter(user_id=agent_id).exists()


def test_an_api_key_another_agent_has_is_refused():
    key = f"key-{uuid.uuid4().hex}"
    first = _register(f"{uuid.uuid4().hex}@shopnest.example", key=key)

    with pytest.raises(AlreadyExists) as refused:
        _register(f"{uuid.uuid4().hex}@shopnest.example", key=key)

    assert (refused.value.field, refused.value.additional_info) == (
        "api_key", {"user_id": first.result["agent_id"]})
    project_everything()
    assert_no_projection_failed()


def test_a_key_of_an_agent_registered_before_keys_were_claimed_is_refused():
    """Agents registered before API keys got claim streams hold their key in the accounts
    table only; reusing it would break the projection's unique key on it."""
    from django.db import transaction

    from people.domain.agents import AgentEmailClaimed, AgentRegistered
    from shopnest.api.keys import hash_api_key
    from shopnest.eventstore import store
    from shopnest.eventstore.records import StreamAppend
    from shopnest.eventstore.streams import new_events

    key, email, at = f"legacy-{uuid.uuid4().hex}", f"{uuid.uuid4().hex}@shopnest.example", \
        "2026-11-26T10:00:00Z"
    registered = AgentRegistered(agent_id=990001, email=email, name="Old Timer", is_admin=False,
                                 api_key_hash=hash_api_key(key), password_hash=None, at=at)
    claimed = AgentEmailClaimed(email=email, agent_id=990001, at=at)
    with transaction.atomic():  # what a registration appended before key claims existed
        store.append([StreamAppend("agent-990001", "agent", 0, new_events([registered])),
                      StreamAppend(f"agent-email-{email}", "agent-email", 0,
                                   new_events([claimed]))], {})
    project_everything()

    with pytest.raises(AlreadyExists) as refused:
        _register(f"{uuid.uuid4().hex}@shopnest.example", key=key)

    assert (refused.value.field, refused.value.additional_info) == ("api_key", {"user_id": 990001})
    project_everything()
    assert_no_projection_failed()
