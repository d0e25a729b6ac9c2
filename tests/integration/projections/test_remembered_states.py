"""A projection process remembers the states it wrote: a hot ticket is not decoded from all
its conversation rows again on every reply, and a row someone else moved is never trusted to
a stale memory."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shopnest.eventstore import streams
from shopnest.projections import runner
from shopnest.projections.kick import pending_key
from shopnest.projections.partitions import Partition
from shopnest.timestamps import format_datetime
from tests.integration.eventstore.helpers import last_recorded, wait_until_visible
from tests.integration.mediator.tickets import agent, open_ticket, reply
from tests.integration.projections.ledger import rewind
from tickets.domain.aggregate import TICKET
from tickets.models import ConversationView, TicketView
from tickets.projections.rows import conversation_row, ticket_row
from tickets.projections.tickets import TicketsProjection


def _conversation_reads(queries) -> list[str]:
    return [q["sql"] for q in queries
            if q["sql"].startswith("SELECT") and "tickets_conversation_view" in q["sql"]]


def _rows_are_a_fresh_fold(ticket_id: int) -> bool:
    fresh = streams.load(TICKET, ticket_id)
    row = {k: format_datetime(v) for k, v in TicketView.objects.filter(id=ticket_id).values().get().items()}
    conversations = {c["id"]: {k: format_datetime(v) for k, v in c.items()}
                     for c in ConversationView.objects.filter(ticket_id=ticket_id).values()}
    return row == ticket_row(fresh) and conversations == {
        cid: conversation_row(ticket_id, c) for cid, c in fresh.state.conversations.items()}


def _rebuild_with(projections: list[TicketsProjection]) -> None:
    """Replay the store one event per batch, the given projection processes taking turns."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE tickets_ticket_view, tickets_conversation_view")
    rewind("tickets")
    turn = 0
    while runner.run_batch(projections[turn % len(projections)], batch_size=1).applied:
        turn += 1


def test_a_reply_to_a_ticket_this_process_wrote_last_reads_none_of_its_conversations():
    ticket = open_ticket()
    for n in range(30):
        reply(ticket, f"Update {n}", agent())
    projection = TicketsProjection()
    _rebuild_with([projection])
    cache.add(pending_key(Partition("tickets", 0, 1)), 1, 30)  # a run is "pending": the commit kicks no other
    reply(ticket, "One more", agent())
    wait_until_visible(last_recorded())

    with CaptureQueriesContext(connection) as captured:
        assert runner.run_batch(projection).applied == 1

    assert _conversation_reads(captured.captured_queries) == []
    assert _rows_are_a_fresh_fold(ticket)


def test_two_processes_taking_turns_never_fold_onto_a_state_the_other_has_moved_past():
    ticket = open_ticket()
    for n in range(6):
        reply(ticket, f"Update {n}", agent())
    wait_until_visible(last_recorded())

    _rebuild_with([TicketsProjection(), TicketsProjection()])

    assert _rows_are_a_fresh_fold(ticket)
