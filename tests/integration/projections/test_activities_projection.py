"""The ticket activities projection stores each ticket's history as a fresh fold tells it,
whatever the batches: redelivered, cut in the middle of a ticket, or run by a process that
remembers nothing."""

from __future__ import annotations

import pytest

from shopnest.projections import registry, runner
from tests.integration.projections.activities import (
    fresh_activities,
    row_counts,
    stored_activities,
    ticket_ids,
)
from tests.integration.projections.desk import build_help_desk
from tests.integration.projections.ledger import rewind
from tickets.projections.activities import ActivitiesProjection

NAME = "ticket_activities"


@pytest.fixture
def desk():
    build_help_desk()
    runner.run_until_caught_up(registry.get(NAME))


def _empty_tables() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE tickets_activity_view, tickets_activity_change_view")
    rewind(NAME)


def test_every_ticket_has_one_row_per_event_holding_what_the_fold_says(desk):
    keys = ticket_ids()
    stored = stored_activities(keys)

    assert len(keys) >= 4
    for key in keys:
        assert stored[key] == fresh_activities(key), key
    kinds = {a["event"] for history in stored.values() for a in history.values()}
    assert {"TicketCreated", "ReplyAdded", "NoteAdded", "NoteEdited", "ConversationDeleted",
            "TicketDeleted", "TicketRestored", "TicketMarkedSpam", "TicketStatusChanged",
            "TicketPropertiesChanged", "TicketAssigned", "TicketGroupChanged"} <= kinds


def test_a_redelivered_history_changes_nothing(desk):
    before, counts = stored_activities(ticket_ids()), row_counts()
    rewind(NAME)

    # A process that remembers nothing, so every state is folded again from the store.
    assert runner.run_until_caught_up(ActivitiesProjection()) > 0

    assert (stored_activities(ticket_ids()), row_counts()) == (before, counts)


@pytest.mark.parametrize("batch_size", [1, 2, 3, 7])
def test_batches_cut_anywhere_build_the_same_rows_as_one_batch(desk, batch_size):
    whole = stored_activities(ticket_ids())
    _empty_tables()

    while True:
        # A new instance each batch: nothing remembered, the state comes from the store.
        outcome = runner.run_batch(ActivitiesProjection(), batch_size=batch_size)
        if not outcome.more:
            break

    assert stored_activities(ticket_ids()) == whole


def test_a_process_that_remembers_the_states_writes_what_one_that_does_not_writes(desk):
    whole = stored_activities(ticket_ids())
    _empty_tables()
    projection = ActivitiesProjection()

    while runner.run_batch(projection, batch_size=4).more:
        pass

    assert projection._states  # it did remember (the other tests fold from the store)
    assert stored_activities(ticket_ids()) == whole
