"""The tickets projection: ticket streams → ticket and conversation read tables.

The rows hold each ticket's whole state (rows.py); the kernel folds a batch into it with the
ticket aggregate's own evolve. Each batch writes the moved ticket rows with bulk upserts, and
the conversation rows that moved with another.
"""

from __future__ import annotations

from shopnest.projections.aggregate import AggregateProjection, Change
from shopnest.projections.stored_rows import rows_where, versions_where
from shopnest.projections.upsert import bulk_upsert
from tickets.domain.aggregate import TICKET
from tickets.models import ConversationView, TicketView
from tickets.projections.rows import (
    conversation_row,
    ticket_row,
    ticket_stream,
)

TICKET_TABLE = TicketView._meta.db_table
CONVERSATION_TABLE = ConversationView._meta.db_table


class TicketsProjection(AggregateProjection):
    name = "tickets"
    aggregate = TICKET
    tables = (TICKET_TABLE, CONVERSATION_TABLE)
    partitionable = True  # a ticket's rows are its own: nothing unique across tickets
    # A catch-up batch touches thousands of tickets, and the next batch mostly the same ones
    # (a ticket lives on for days of the log): remembering as many keeps them from being
    # decoded from their rows at every batch, at a bounded cost (a few MiB per thousand).
    remembered_streams = 10_000
    metadata_keys = ()  # the rows hold the fold of the events, nothing of their metadata
    # A ticket's first event makes its ticket row alone (guarded by its version): its
    # conversations come with later events.
    first_event_unread = True

    def stored_versions(self, keys):
        return versions_where(TicketView, "id", keys)

    def load(self, keys):
        conversations: dict[int, list[dict]] = {key: [] for key in keys}
        for row in rows_where(ConversationView, "ticket_id", keys):
            conversations[row["ticket_id"]].append(row)
        return {row["id"]: ticket_stream(row, conversations[row["id"]])
                for row in rows_where(TicketView, "id", keys)}

    def save(self, changes: list[Change]) -> None:
        whole, kept_description, conversations = [], [], []
        for before, after in changes:
            # A row whose description did not move keeps its description and its text: the
            # largest columns, and the text costs an HTML parse.
            if before.version and before.state.description == after.state.description:
                kept_description.append(ticket_row(after, description=False))
            else:
                whole.append(ticket_row(after))
            old = before.state.conversations
            # evolve copies only what an event touched: identity tells what moved.
            conversations += [conversation_row(after.key, conversation)
                              for cid, conversation in after.state.conversations.items()
                              if old.get(cid) is not conversation]
        bulk_upsert(TICKET_TABLE, whole, key=("id",))
        bulk_upsert(TICKET_TABLE, kept_description, key=("id",))
        # Written only with their ticket's row, which the fold moved forward: no guard needed.
        bulk_upsert(CONVERSATION_TABLE, conversations, key=("id",), version_column=None)
