"""Property: whatever ticket commands the mediator accepts, in whatever order, the activity
rows equal a fresh fold of the ticket's events; rebuilt in batches of any size, by processes
that remember states or not, and delivered twice, they come out the same.

Hypothesis draws a ticket's life from every kind of command (updates of any field, replies
from agent and requester, private and public notes, edits, deletions, trash, spam, watchers)
with values of the right kind (tests/integration/projections/test_accepted_commands_project.py
draws the edge classes of each field, and checks the activities there too).
"""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from hypothesis import HealthCheck, given, target
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from shopnest.eventstore import streams
from shopnest.projections import registry, runner
from tests.integration.eventstore.helpers import last_recorded
from tests.integration.projections.activities import (
    fresh_activities,
    row_counts,
    stored_activities,
)
from tests.integration.projections.ledger import checkpoint, rewind
from tests.integration.projections.test_accepted_commands_project import (
    GOOD,
    _send,
    bodies,
    emails,
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
# Ids of other aggregates must name real ones (else the command is refused): drawn apart.
PLAIN = {name: values for name, values in GOOD.items()
         if name not in ("responder_id", "group_id", "company_id")}
# Steps that change the ticket come more often than those that end or undo something (a
# deleted or spam ticket refuses most commands until it is restored or unmarked).
STEPS = ("update", "update", "update", "reply", "reply", "requester_reply", "note", "note",
         "edit", "delete_conversation", "delete", "restore", "restore", "spam", "unspam",
         "unspam", "watch", "unwatch")


@st.composite
def ticket_fields(draw, desk: dict[str, int], *, requester: bool):
    """Fields of the right kind; the agent and the group, when drawn, are the desk's own."""
    names = draw(st.lists(st.sampled_from(sorted(PLAIN)), unique=True, max_size=5))
    values = {name: draw(PLAIN[name]) for name in names}
    for name in ("responder_id", "group_id"):
        if draw(st.booleans()):
            values[name] = draw(st.sampled_from([None, desk[name]]))
    if requester:
        values["email"] = draw(emails)
    return values


def _desk() -> dict[str, int]:
    from tests.integration.api.conftest import make_group
    from tests.integration.mediator.tickets import agent

    return {"responder_id": agent(7).actor_id, "group_id": make_group()}


def _command(step: str, ticket_id: int, desk: dict[str, int], data):
    state = streams.load(TICKET, ticket_id).state
    live = [c for c in state.conversations.values() if not c.deleted]
    notes = [c for c in live if c.kind == "note"]
    if step == "update":
        return UpdateTicket(ticket_id=ticket_id,
                            changes=data.draw(ticket_fields(desk, requester=False)))
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


def _caught_up(token, timeout: float = 30.0) -> None:
    """Run the projection until its checkpoint passed `token` (its horizon counts only this
    database's appenders: long transactions of other test runs hold nothing back)."""
    deadline = time.monotonic() + timeout
    while True:
        runner.run_until_caught_up(registry.get(NAME))
        if checkpoint(NAME) >= token:
            return
        assert time.monotonic() < deadline, "the activities projection never caught up"
        time.sleep(0.02)


@pytest.mark.django_db(transaction=True)
@hypothesis_settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                             HealthCheck.too_slow])
@given(data=st.data())
def test_activity_rows_are_the_fold_of_any_accepted_history_however_it_is_delivered(data):
    reset_event_store(connection)
    reset_redis_keys(cache, settings.CACHE_KEY_PREFIX)
    desk = _desk()
    created = _send(CreateTicket(fields=data.draw(ticket_fields(desk, requester=True))))
    assert created is not None  # values of the right kind are accepted
    ticket_id = created.result["ticket"]["id"]
    for step in data.draw(st.lists(st.sampled_from(STEPS), min_size=4, max_size=16)):
        command = _command(step, ticket_id, desk, data)
        if command is not None:
            _send(command)
    _caught_up(last_recorded())
    fold = fresh_activities(ticket_id)
    target(float(len(fold)), label="events in the ticket's history")

    assert stored_activities([ticket_id])[ticket_id] == fold  # one batch per command

    _project_in_batches(data)
    assert stored_activities([ticket_id])[ticket_id] == fold
    counts = row_counts()

    rewind(NAME)
    runner.run_until_caught_up(ActivitiesProjection())
    assert (stored_activities([ticket_id])[ticket_id], row_counts()) == (fold, counts)
