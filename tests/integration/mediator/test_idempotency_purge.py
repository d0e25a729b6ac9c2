"""Idempotency-Key outcomes are replayed within the window and forgotten after it."""

from __future__ import annotations

from django.db import connection

from shopnest.mediator import mediator
from shopnest.tasks import purge_idempotency_records

from .tickets import agent, open_ticket_command


def _age_record(key: str, hours: int) -> None:
    # Test setup: pretend the record was stored `hours` ago.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE shopnest_idempotency SET created_at = now() - make_interval(hours => %s) "
                       "WHERE key = %s", [hours, key])


def test_records_older_than_the_window_are_purged_and_younger_ones_kept(settings):
    settings.SHOPNEST_IDEMPOTENCY_HOURS = 24
    command = open_ticket_command("dana@example.com")
    first = mediator.send(command, agent(8, idempotency_key="old"))
    mediator.send(open_ticket_command("erin@example.com"), agent(8, idempotency_key="young"))
    _age_record("old", 25)

    assert purge_idempotency_records() == 1

    kept = mediator.send(open_ticket_command("erin@example.com"), agent(8, idempotency_key="young"))
    again = mediator.send(command, agent(8, idempotency_key="old"))
    assert kept.replayed
    assert not again.replayed
    assert again.result["ticket"]["id"] != first.result["ticket"]["id"]
