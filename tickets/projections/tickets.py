"""The tickets projection: ticket streams → ticket and conversation read tables.

The rows hold each ticket's whole state (rows.py); the kernel folds a batch into it with the
ticket aggregate's own evolve. Each batch writes every moved ticket row with one bulk upsert,
and the conversation rows that moved with another.
"""

from __future__ import annotations

from shopnest.projections.aggregate import AggregateProjection, Change
from shopnest.projections.upsert import bulk_upsert
from tickets.domain.aggregate import TICKET
from tickets.models import ConversationView, TicketView
from tickets.projections.rows import conversation_row, ticket_row, ticket_stream

TICKET_TABLE = TicketView._meta.db_table
CONVERSATION_TABLE = ConversationView._meta.db_table


class TicketsProjection(AggregateProjection):
    name = "tickets"
    aggregate = TICKET
    tables = (TICKET_TABLE, CONVERSATION_TABLE)
    partitionable = True  # a ticket's rows are its own: nothing unique across tickets

    def stored_versions(self, keys):
        return dict(TicketView.objects.filter(id__in=keys).values_list("id", "version"))

    def load(self, keys):
        conversations: dict[int, list[dict]] = {key: [] for key in keys}
        for row in ConversationView.objects.filter(ticket_id__in=keys).values():
            conversations[row["ticket_id"]].append(row)
        return {row["id"]: ticket_stream(row, conversations[row["id"]])
                for row in TicketView.objects.filter(id__in=keys).values()}

    def save(self, changes: list[Change]) -> None:
        tickets, conversations = [], []
        for before, after in changes:
            tickets.append(ticket_row(after))
            old = before.state.conversations
            # evolve copies only what an event touched: identity tells what moved.
            conversations += [conversation_row(after.key, conversation)
                              for cid, conversation in after.state.conversations.items()
                              if old.get(cid) is not conversation]
        bulk_upsert(TICKET_TABLE, tickets, key=("id",), json_columns=("custom_fields",))
        # Written only with their ticket's row, which the fold moved forward: no guard needed.
        bulk_upsert(CONVERSATION_TABLE, conversations, key=("id",), version_column=None)
