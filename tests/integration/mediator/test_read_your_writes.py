"""Read-your-writes: a principal's last write is remembered, and its queries wait for it."""

from __future__ import annotations

import contextvars
import threading
from contextlib import contextmanager

from django.db import transaction

from shopnest.eventstore.records import Position
from shopnest.projections import consistency, registry, runner
from shopnest.projections.partitions import partitions_of
from tests.integration.eventstore.helpers import (
    new_event,
    open_append,
    stream_append,
    stream_name,
    thread_pool,
    wait_until_visible,
)

from .tickets import agent, open_ticket_command, reply, send


@contextmanager
def projection_locked(name: str):
    """Hold a projection's runner lock in another session, as a long batch would."""
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        with transaction.atomic():
            for partition in partitions_of(registry.get(name)):
                runner.lock_partition(partition)
            locked.set()
            release.wait(timeout=20)

    with thread_pool(1) as submit:
        holder = submit(hold)
        assert locked.wait(timeout=10)
        try:
            yield
        finally:
            release.set()
            holder.result(timeout=10)


def _wait_as_a_query(principal: str, names: tuple[str, ...]) -> tuple[bool, str | None]:
    """Wait for own writes as a query would, in a context of its own (as a request has)."""

    def wait() -> tuple[bool, str | None]:
        return (consistency.wait_for_own_writes(principal, names),
                consistency.consistency_state.get())

    return contextvars.copy_context().run(wait)


def test_a_command_remembers_its_token_as_the_writers_last_write():
    outcome = send(open_ticket_command(), agent(42))

    assert outcome.token is not None
    assert consistency.last_write(agent(42).principal) == outcome.token


def test_a_writer_reads_its_own_write_once_the_command_returns():
    outcome = send(open_ticket_command(), agent(42))

    assert _wait_as_a_query(agent(42).principal, ("tickets", "contacts")) == (True, "consistent")
    assert consistency.has_reached(("tickets", "contacts"), outcome.token)


def test_a_write_held_back_by_another_open_transaction_is_read_once_it_ends():
    writer = agent(42)  # registered (and projected) before the transaction holds readers back
    with open_append(stream_append(stream_name("unrelated"), 0, new_event())):
        outcome = send(open_ticket_command(), writer)

        assert not consistency.has_reached(("tickets",), outcome.token)

    assert _wait_as_a_query(agent(42).principal, ("tickets", "contacts")) == (True, "consistent")
    assert consistency.has_reached(("tickets", "contacts"), outcome.token)


def test_a_later_write_moves_the_writers_token_forward():
    opened = send(open_ticket_command(), agent(42))
    replied = reply(opened.result["ticket"]["id"], ctx=agent(42))

    assert replied.token > opened.token
    assert consistency.last_write(agent(42).principal) == replied.token


def test_another_principals_write_does_not_move_the_token():
    mine = send(open_ticket_command(), agent(42))
    send(open_ticket_command(), agent(43))

    assert consistency.last_write(agent(42).principal) == mine.token


def test_an_older_token_never_replaces_a_newer_one():
    outcome = send(open_ticket_command(), agent(42))

    consistency.remember_write(agent(42).principal, Position(outcome.token.tx - 1, 1))

    assert consistency.last_write(agent(42).principal) == outcome.token


def test_a_reader_waits_while_the_projection_is_behind_its_write(settings):
    settings.SHOPNEST_CONSISTENCY_WAIT = 0.2
    writer = agent(42)
    with projection_locked("tickets"):
        outcome = send(open_ticket_command(), writer)

        assert not consistency.has_reached(("tickets",), outcome.token)
        assert _wait_as_a_query(agent(42).principal, ("tickets",)) == (False, "stale")

    wait_until_visible(outcome.token)
    runner.run_until_caught_up(registry.get("tickets"))

    assert consistency.has_reached(("tickets",), outcome.token)
    assert _wait_as_a_query(agent(42).principal, ("tickets",)) == (True, "consistent")
