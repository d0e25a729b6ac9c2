"""Erasing a contact scrubs the ticket activities of them: the activity rows said what their
ticket's subject, description, cc and their replies were (old and new values), and after the
erasure they say only what a fresh fold of the sealed store says, as a rebuild would."""

from __future__ import annotations

import pytest
from django.db import connection

from shopnest.projections import registry, runner
from tests.integration.erasure.desk import (
    CC,
    DESCRIPTION,
    REPLY,
    SUBJECT,
    admin_api,
    customer_with_tickets,
    found_in_tables,
    rebuild_every_projection,
    settle,
)
from tests.integration.projections.activities import fresh_activities, stored_activities
from tests.integration.projections.ledger import rewind
from tickets.projections.activities import ActivitiesProjection

ACTIVITY_TABLES = ("tickets_activity_view", "tickets_activity_change_view")
WRITTEN = (SUBJECT, DESCRIPTION, CC, REPLY)


@pytest.fixture
def desk():
    api, _ = admin_api()
    return api, customer_with_tickets(api)


def _in_activity_tables() -> set[str]:
    found = found_in_tables(WRITTEN)
    return {needle for table in ACTIVITY_TABLES for needle in found.get(table, [])}


def _erase(api, contact_id: int) -> None:
    response = api.delete(f"contacts/{contact_id}/hard_delete?force=true")
    assert response.status_code == 204, response.content


def _activities_rows() -> dict[str, list[tuple]]:
    with connection.cursor() as cursor:
        out = {}
        for table in ACTIVITY_TABLES:
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3")
            out[table] = cursor.fetchall()
        return out


def test_before_the_erasure_the_activities_hold_what_the_customer_wrote(desk):
    assert _in_activity_tables() == set(WRITTEN)


def test_after_the_erasure_the_activities_hold_nothing_of_them_and_are_the_fold(desk):
    api, customer = desk

    _erase(api, customer.contact_id)
    settle()

    assert _in_activity_tables() == set()
    stored = stored_activities(list(customer.ticket_ids))
    for ticket_id in customer.ticket_ids:
        assert stored[ticket_id] == fresh_activities(ticket_id)
        assert stored[ticket_id][max(stored[ticket_id])]["event"] == "ContactErasedFromTicket"


def test_a_rebuild_after_the_erasure_writes_the_rows_the_erasure_left(desk):
    api, customer = desk
    _erase(api, customer.contact_id)
    settle()
    erased = _activities_rows()

    rebuild_every_projection()

    assert _activities_rows() == erased


@pytest.mark.parametrize("batch_size", [1, 3])
def test_the_erasure_scrubs_whatever_the_batches_and_what_the_process_remembers(desk,
                                                                               batch_size):
    """The activities stop just before the erasure, with the states remembered (plain text),
    then go on in small batches: the erasure's batch still rewrites what came before."""
    api, customer = desk
    projection = registry.get("ticket_activities")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE shopnest_projection_state SET status = 'stalled' "
                       "WHERE name = 'ticket_activities'")
    _erase(api, customer.contact_id)
    settle_others()
    assert _in_activity_tables() == set(WRITTEN)  # not projected yet
    with connection.cursor() as cursor:
        cursor.execute("UPDATE shopnest_projection_state SET status = 'running' "
                       "WHERE name = 'ticket_activities'")

    while runner.run_batch(projection, batch_size=batch_size).more:
        pass

    assert _in_activity_tables() == set()
    stored = stored_activities(list(customer.ticket_ids))
    assert all(stored[t] == fresh_activities(t) for t in customer.ticket_ids)


def test_a_redelivered_erasure_changes_nothing(desk):
    api, customer = desk
    _erase(api, customer.contact_id)
    settle()
    erased = _activities_rows()
    rewind("ticket_activities")

    runner.run_until_caught_up(ActivitiesProjection())

    assert _activities_rows() == erased


def settle_others() -> None:
    for projection in registry.all_projections():
        if projection.name != "ticket_activities":
            runner.run_until_caught_up(projection)
