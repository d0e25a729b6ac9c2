"""An Idempotency-Key makes a command safe to resend: the stored result is replayed."""

from __future__ import annotations

import pytest
from django.db import connection

from shopnest.api.errors import http_status_of
from shopnest.mediator import mediator
from shopnest.mediator.behaviours import IdempotencyKeyReused
from tests.integration.eventstore.helpers import run_together

from .tickets import agent, open_ticket_command


def _ticket_streams() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM es_streams WHERE stream_type = 'ticket'")
        return cursor.fetchone()[0]


def test_resending_a_command_with_the_same_key_replays_the_first_result():
    ctx = agent(8, idempotency_key="key-1")
    command = open_ticket_command("dana@example.com")

    first = mediator.send(command, ctx)
    again = mediator.send(command, agent(8, idempotency_key="key-1"))

    assert (first.replayed, again.replayed) == (False, True)
    assert again.result == first.result
    assert (again.token, again.versions) == (first.token, first.versions)
    assert _ticket_streams() == 1


def test_the_same_key_with_a_different_command_is_refused():
    mediator.send(open_ticket_command("dana@example.com"), agent(8, idempotency_key="key-1"))

    with pytest.raises(IdempotencyKeyReused) as refused:
        mediator.send(open_ticket_command("erin@example.com"), agent(8, idempotency_key="key-1"))

    assert http_status_of(refused.value) == 409
    assert _ticket_streams() == 1


def test_the_same_key_from_another_principal_is_a_new_command():
    command = open_ticket_command("dana@example.com")

    first = mediator.send(command, agent(8, idempotency_key="key-1"))
    other = mediator.send(command, agent(9, idempotency_key="key-1"))

    assert other.replayed is False
    assert other.result["ticket"]["id"] != first.result["ticket"]["id"]
    assert _ticket_streams() == 2


def test_commands_without_a_key_are_never_replayed():
    command = open_ticket_command("dana@example.com")

    first = mediator.send(command, agent(8))
    second = mediator.send(command, agent(8))

    assert second.replayed is False
    assert second.result["ticket"]["id"] != first.result["ticket"]["id"]


def test_twins_sent_at_the_same_moment_with_one_key_create_one_ticket():
    for round_ in range(3):
        command = open_ticket_command(f"twin{round_}@example.com")
        key = f"twin-key-{round_}"

        ctx = agent(8, idempotency_key=key)  # one agent, registered before the race

        def send_twin(command=command, ctx=ctx):
            return mediator.send(command, ctx)

        outcomes = run_together(send_twin, send_twin)

        assert not any(isinstance(o, Exception) for o in outcomes), outcomes
        assert outcomes[0].result == outcomes[1].result
        assert sorted(o.replayed for o in outcomes) == [False, True]
        assert _ticket_streams() == round_ + 1
