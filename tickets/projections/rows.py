"""The read rows of tickets and their conversations, and the states they hold.

The rows are a lossless encoding of the domain's states: decoding what was encoded gives the
same state back (a property test holds it to that), so a projection can fold new events into
the state its rows hold with the domain's own `evolve`, and readers can render from states.
Rows come in as Django `.values()` dicts (JSON and array columns already parsed).
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from shopnest.domain.data import from_data, to_data
from shopnest.eventstore.streams import Stream
from shopnest.timestamps import format_datetime
from tickets.domain.aggregate import TICKET
from tickets.domain.codes import conversation_category, conversation_source
from tickets.domain.state import ConversationState, TicketState, TicketStats
from tickets.domain.text import html_to_text

_TICKET_COLUMNS = tuple(f.name for f in fields(TicketState)
                        if f.name not in ("exists", "id", "stats", "conversations"))
_STATS_COLUMNS = tuple(f.name for f in fields(TicketStats))
_CONVERSATION_COLUMNS = tuple(f.name for f in fields(ConversationState))


def _decoded(row: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: format_datetime(row[name]) for name in names}


# -- tickets ---------------------------------------------------------------------------------

def ticket_row(ticket: Stream[TicketState]) -> dict[str, Any]:
    """Return the ticket's read row (every column of tickets_ticket_view)."""
    data = to_data(replace(ticket.state, conversations={}))  # they have rows of their own
    row = {"id": ticket.key, "version": ticket.version}
    row.update({name: data[name] for name in _TICKET_COLUMNS})
    row.update(data["stats"])
    description = ticket.state.description
    row["description_text"] = None if description is None else html_to_text(description)
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

def conversation_row(ticket_id: int, conversation: ConversationState) -> dict[str, Any]:
    """Return a conversation's read row (every column of tickets_conversation_view)."""
    row = {"ticket_id": ticket_id, **to_data(conversation)}
    row["source"] = int(conversation_source(conversation.kind))
    row["category"] = int(conversation_category(conversation.incoming))
    return row


def conversation_data(row: dict[str, Any]) -> dict[str, Any]:
    return _decoded(row, _CONVERSATION_COLUMNS)


def conversation_state(row: dict[str, Any]) -> ConversationState:
    return from_data(ConversationState, conversation_data(row))
