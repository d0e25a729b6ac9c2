"""The ticket side of erasing a contact: every ticket of theirs gets ContactErasedFromTicket.

A contact's tickets are found in the event store itself (never the read tables, which may
lag): those they opened, those they were made requester of, and those they wrote back on.
"""

from __future__ import annotations

from shopnest.domain.aggregate import DecisionContext
from shopnest.eventstore import store, streams
from shopnest.eventstore.records import StreamAppend
from tickets.domain.aggregate import TICKET
from tickets.domain.erasure import erase_contact_from
from tickets.domain.events import (
    ReplyAdded,
    TicketCreated,
    TicketPropertiesChanged,
    TicketRequesterChanged,
)


def erasure_appends(contact_id: int, ctx: DecisionContext) -> tuple[StreamAppend, ...]:
    """Return the appends redacting the contact in each of their tickets."""
    opened = set(store.streams_containing(TicketCreated.TYPE, {"requester_id": contact_id}))
    touched = opened.union(
        store.streams_containing(TicketRequesterChanged.TYPE, {"requester_id": contact_id}),
        store.streams_containing(TicketPropertiesChanged.TYPE,  # before TicketRequesterChanged
                                 {"changes": {"requester_id": contact_id}}),
        store.streams_containing(ReplyAdded.TYPE, {"user_id": contact_id, "incoming": True}),
        store.streams_containing(ReplyAdded.TYPE, {"recipient_id": contact_id}),
    )
    appends = []
    for stream_id in sorted(touched):
        ticket = streams.load(TICKET, TICKET.key_of(stream_id))
        events = erase_contact_from(ticket.state, contact_id, opened=stream_id in opened,
                                    ctx=ctx)
        if events:
            appends.append(ticket.append(events))
    return tuple(appends)
