"""The read rows of tickets and their conversations, and the states they hold.

The rows are a lossless encoding of the domain's states: decoding what was encoded gives the
same state back (a property test holds it to that), so a projection can fold new events into
the state its rows hold with the domain's own `evolve`, and readers can render from states.
Rows come in as Django `.values()` dicts or as the projection reads them (stored_rows.py, its
timestamps already text), JSON and array columns parsed.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from django.db import models

from shopnest.domain.data import fields_encoder, from_data
from shopnest.eventstore.streams import Stream
from shopnest.timestamps import format_datetime
from tickets.domain.aggregate import TICKET
from tickets.domain.codes import conversation_category, conversation_source
from tickets.domain.state import ConversationState, TicketState, TicketStats
from tickets.domain.text import html_to_text
from tickets.models import ConversationView, TicketView

_TICKET_COLUMNS = tuple(f.name for f in fields(TicketState)
                        if f.name not in ("exists", "id", "stats", "conversations"))
_STATS_COLUMNS = tuple(f.name for f in fields(TicketStats))
_CONVERSATION_COLUMNS = tuple(f.name for f in fields(ConversationState))


def _times(model) -> frozenset[str]:
    return frozenset(f.column for f in model._meta.concrete_fields
                     if isinstance(f, models.DateTimeField))


_TIME_COLUMNS = _times(TicketView) | _times(ConversationView)


def _decoded(row: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The row's `names`, its timestamps as the domain writes them (a row read through the
    ORM holds datetimes; one read by the projection holds that text already)."""
    return {name: format_datetime(row[name]) if name in _TIME_COLUMNS else row[name]
            for name in names}


# -- tickets ---------------------------------------------------------------------------------

# The columns a row keeps as they are when the ticket's description did not move.
DESCRIPTION_COLUMNS = ("description", "description_text")
_KEPT_DESCRIPTION_COLUMNS = tuple(name for name in _TICKET_COLUMNS
                                  if name not in DESCRIPTION_COLUMNS)


_TICKET_FIELDS = fields_encoder(TicketState, _TICKET_COLUMNS)
_KEPT_DESCRIPTION_FIELDS = fields_encoder(TicketState, _KEPT_DESCRIPTION_COLUMNS)
_STATS_FIELDS = fields_encoder(TicketStats, _STATS_COLUMNS)


def ticket_row(ticket: Stream[TicketState], *, description: bool = True) -> dict[str, Any]:
    """Return the ticket's read row (every column of tickets_ticket_view; without
    DESCRIPTION_COLUMNS unless `description`). Conversations have rows of their own."""
    state = ticket.state
    row = {"id": ticket.key, "version": ticket.version}
    row.update(_TICKET_FIELDS(state) if description else _KEPT_DESCRIPTION_FIELDS(state))
    row.update(_STATS_FIELDS(state.stats))
    if description:
        text = state.description
        row["description_text"] = None if text is None else html_to_text(text)
    return row


def ticket_state(row: dict[str, Any], conversations: list[dict[str, Any]] = ()) -> TicketState:
    """Return the state a ticket row and its conversation rows hold.

    Without conversation rows the state has no conversations: enough to render the ticket,
    never to fold (the projection always loads them all).
    """
    data = _decoded(row, _TICKET_COLUMNS)
    data.update(exists=True, id=row["id"], stats=_decoded(row, _STATS_COLUMNS))
    data["conversations"] = {c["id"]: conversation_data(c) for c in conversations}
    return from_data(TicketState, data)


def ticket_stream(row: dict[str, Any], conversations: list[dict[str, Any]]) -> Stream[TicketState]:
    return Stream(TICKET, row["id"], ticket_state(row, conversations), row["version"])


# -- conversations ---------------------------------------------------------------------------

_CONVERSATION_FIELDS = fields_encoder(ConversationState, _CONVERSATION_COLUMNS)


def conversation_row(ticket_id: int, conversation: ConversationState) -> dict[str, Any]:
    """Return a conversation's read row (every column of tickets_conversation_view)."""
    row = {"ticket_id": ticket_id, **_CONVERSATION_FIELDS(conversation)}
    row["source"] = int(conversation_source(conversation.kind))
    row["category"] = int(conversation_category(conversation.incoming))
    return row


def conversation_data(row: dict[str, Any]) -> dict[str, Any]:
    return _decoded(row, _CONVERSATION_COLUMNS)


def conversation_state(row: dict[str, Any]) -> ConversationState:
    return from_data(ConversationState, conversation_data(row))
