"""Property: whatever ticket commands the mediator accepts, in whatever order, the activity
rows equal a fresh fold of the ticket's events; rebuilt in batches of any size, by processes
that remember states or not, and delivered twice, they come out the same.

Hypothesis draws a ticket's life from every kind of command (updates of any field, replies
from agent and requester, private and public notes, edits, deletions, trash, spam, watchers)
with values of the right kind (tests/integration/projections/test_accepted_commands_project.py
draws the edge classes of each field, and checks the activities there too).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from shopnest.eventstore import streams
from shopnest.projections import registry, runner
from tests.integration.eventstore.helpers import last_recorded, wait_until_visible
from tests.integration.projections.activities import (
    fresh_activities,
    row_counts,
    stored_activities,
)
from tests.integration.projections.ledger import rewind
from tests.integration.projections.test_accepted_commands_project import (
    _send,
    bodies,
    emails,
    fields,
)
from tests.support.reset import reset_event_store, reset_redis_keys
from tickets.domain.aggregate import TICKET
from tickets.domain.commands import (
    AddNote,
    AddReply,
    CreateTicket,
    DeleteConversation,
    DeleteTicket,
    EditNote,
    MarkSpam,
    RestoreTicket,
    UnmarkSpam,
    UnwatchTicket,
    UpdateTicket,
    WatchTicket,
)
from tickets.projections.activities import ActivitiesProjection

NAME = "ticket_activities"
STEPS = ("update", "reply", "requester_reply", "note", "edit", "delete_conversation",
         "delete", "restore", "spam", "unspam", "watch", "unwatch")


def _command(step: str, ticket_id: int, data):
    state = streams.load(TICKET, ticket_id).state
    live = [c for c in state.conversations.values() if not c.deleted]
    notes = [c for c in live if c.kind == "note"]
    if step == "update":
        return UpdateTicket(ticket_id=ticket_id, changes=data.draw(fields(None, requester=False)))
    if step in ("reply", "requester_reply"):
        return AddReply(ticket_id=ticket_id, body=data.draw(bodies),
                        user_id=state.requester_id if step == "requester_reply" else None,
                        cc_emails=data.draw(st.lists(emails, max_size=2)))
    if step == "note":
        return AddNote(ticket_id=ticket_id, body=data.draw(bodies),
                       private=data.draw(st.booleans()))
    if step == "edit":
        if not notes:
            return None
        return EditNote(conversation_id=data.draw(st.sampled_from(notes)).id,
                        body=data.draw(bodies))
    if step == "delete_conversation":
        if not live:
            return None
        return DeleteConversation(conversation_id=data.draw(st.sampled_from(live)).id)
    simple = {"delete": DeleteTicket, "restore": RestoreTicket, "spam": MarkSpam,
              "unspam": UnmarkSpam, "watch": WatchTicket, "unwatch": UnwatchTicket}
    return simple[step](ticket_id=ticket_id)


def _project_in_batches(data) -> None:
    """Empty the activity tables and project the store again in batches Hypothesis sizes,
    each run by the remembering projection or by a new one that knows nothing."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE tickets_activity_view, tickets_activity_change_view")
    rewind(NAME)
    remembering = ActivitiesProjection()
    while True:
        size = data.draw(st.integers(1, 6), label="batch size")
        projection = remembering if data.draw(st.booleans(), label="remembers") else \
            ActivitiesProjection()
        if not runner.run_batch(projection, batch_size=size).more:
            return


@pytest.mark.django_db(transaction=True)
@hypothesis_settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                             HealthCheck.too_slow])
@given(data=st.data())
def test_activity_rows_are_the_fold_of_any_accepted_history_however_it_is_delivered(data):
    reset_event_store(connection)
    reset_redis_keys(cache, settings.CACHE_KEY_PREFIX)
    created = _send(CreateTicket(fields=data.draw(fields(None, requester=True))))
    if created is None:
        return
    ticket_id = created.result["ticket"]["id"]
    for step in data.draw(st.lists(st.sampled_from(STEPS), min_size=1, max_size=12)):
        command = _command(step, ticket_id, data)
        if command is not None:
            _send(command)
    wait_until_visible(last_recorded())
    runner.run_until_caught_up(registry.get(NAME))
    fold = fresh_activities(ticket_id)

    assert stored_activities([ticket_id])[ticket_id] == fold  # one batch per command

    _project_in_batches(data)
    assert stored_activities([ticket_id])[ticket_id] == fold
    counts = row_counts()

    rewind(NAME)
    runner.run_until_caught_up(ActivitiesProjection())
    assert (stored_activities([ticket_id])[ticket_id], row_counts()) == (fold, counts)
