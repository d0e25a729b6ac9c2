"""Replaying the whole store into empty read tables gives what incremental projection built.

The help desk's activity goes through the mediator, so the tickets and contacts projections
build their tables incrementally (eagerly, one small batch per command). Those rows are
then compared with a rebuild from position zero, in one batch and in tiny batches.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shopnest.eventstore import store
from shopnest.eventstore.records import ORIGIN
from shopnest.projections import registry, runner
from tests.integration.mediator.tickets import agent, open_ticket
from tests.integration.projections.desk import build_help_desk
from tickets.domain.aggregate import TICKET

from .ledger import rewind

READ_TABLES = ("tickets_ticket_view", "tickets_conversation_view", "people_contact_view")
ACTIVITY_TABLES = ("tickets_activity_view", "tickets_activity_change_view")
PROJECTIONS = ("tickets", "contacts")


def _snapshot(tables: tuple[str, ...] = READ_TABLES, order: str = "id"
              ) -> dict[str, list[tuple]]:
    rows = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {table} ORDER BY {order}")
            rows[table] = [tuple(row) for row in cursor.fetchall()]
    return rows


def _rebuild(*, empty_tables: bool) -> None:
    if empty_tables:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE " + ", ".join(READ_TABLES))
    rewind(*PROJECTIONS)
    for name in PROJECTIONS:
        runner.run_until_caught_up(registry.get(name), max_seconds=30)


@pytest.fixture
def help_desk_history() -> dict[str, list[tuple]]:
    """A few tickets with replies, notes, edits, deletes and status changes; the rows built."""
    build_help_desk()
    built = _snapshot()
    assert all(built[table] for table in READ_TABLES)
    return built


def test_replaying_the_store_into_empty_tables_rebuilds_the_same_rows(help_desk_history):
    _rebuild(empty_tables=True)

    assert _snapshot() == help_desk_history


def test_replaying_in_tiny_batches_rebuilds_the_same_rows(help_desk_history, settings):
    settings.SHOPNEST_PROJECTION_BATCH = 2

    _rebuild(empty_tables=True)

    assert _snapshot() == help_desk_history


def test_redelivering_every_event_over_the_built_tables_changes_no_row(help_desk_history):
    _rebuild(empty_tables=False)

    assert _snapshot() == help_desk_history


def test_applying_the_same_events_twice_changes_no_row(help_desk_history):
    tickets = registry.get("tickets")
    events = store.read_after(ORIGIN, 1000, tickets.event_types)

    tickets.apply(events)
    tickets.apply(events[: len(events) // 2])

    assert _snapshot() == help_desk_history


def _activities() -> dict[str, list[tuple]]:
    return _snapshot(ACTIVITY_TABLES, order="1, 2, 3")


def test_redelivering_one_event_at_a_time_over_the_built_tables_changes_no_row(
        help_desk_history, settings):
    """Each ticket's first event then comes alone, and is written without its rows being
    read first (first_event_unread): the version guards must keep the later rows."""
    built_activities = _activities()
    assert all(built_activities.values())
    settings.SHOPNEST_PROJECTION_BATCH = 1

    _rebuild(empty_tables=False)
    rewind("ticket_activities")
    runner.run_until_caught_up(registry.get("ticket_activities"), max_seconds=60)

    assert _snapshot() == help_desk_history
    assert _activities() == built_activities


def test_a_tickets_first_event_alone_is_written_without_reading_its_rows(help_desk_history):
    ticket = open_ticket(agent(5), email="new-customer@example.com")
    (first,) = store.read_stream(TICKET.stream_id(ticket))[:1]
    for name in ("tickets", "ticket_activities"):
        with CaptureQueriesContext(connection) as queries:
            registry.get(name).apply([first])  # a redelivery: the rows are there already
        reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
        assert reads == [], (name, reads)
