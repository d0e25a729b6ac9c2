"""Load domain state by folding streams from the event store (the write side's reads)."""

from __future__ import annotations

from django.db import connection

from shopnest.eventstore import store
from shopnest.eventstore.records import NewEvent, RecordedEvent, StreamAppend
from tickets.domain.contacts import (
    ContactState,
    contact_event_from_data,
    email_claim_owner,
    fold_contact,
)
from tickets.domain.events import DomainEvent, event_from_data
from tickets.domain.state import TicketState, fold
from tickets.streams import (
    CONTACT,
    CONTACT_EMAIL,
    TICKET,
    contact_email_stream,
    contact_stream,
    ticket_id_of,
    ticket_stream,
)


def ticket_events(recorded: list[RecordedEvent]) -> list[DomainEvent]:
    """Turn stored ticket events into domain events (upcasting by schema_version here)."""
    return [event_from_data(e.type, e.data) for e in recorded]


def load_ticket(ticket_id: int, *, up_to_version: int | None = None) -> TicketState:
    """Fold a ticket's stream; with `up_to_version`, the ticket as it was at that version."""
    recorded = store.read_stream(ticket_stream(ticket_id))
    if up_to_version is not None:
        recorded = [e for e in recorded if e.version <= up_to_version]
    return fold(ticket_events(recorded))


def ticket_of_conversation(conversation_id: int) -> int | None:
    """Return the ticket a reply or note was added to, from the event store (its own index:
    the write side never depends on how far the read tables have got)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT stream_id FROM es_events WHERE type IN ('ReplyAdded', 'NoteAdded') "
            "AND (data->>'conversation_id')::bigint = %s LIMIT 1",
            [conversation_id],
        )
        row = cursor.fetchone()
    return ticket_id_of(row[0]) if row else None


def load_contact(contact_id: int) -> ContactState:
    recorded = store.read_stream(contact_stream(contact_id))
    return fold_contact(contact_event_from_data(e.type, e.data) for e in recorded)


def email_owner(email: str) -> int | None:
    recorded = store.read_stream(contact_email_stream(email))
    return email_claim_owner(contact_event_from_data(e.type, e.data) for e in recorded)


def new_events(events: list[DomainEvent]) -> tuple[NewEvent, ...]:
    return tuple(NewEvent(type(e).TYPE, e.to_data(), type(e).SCHEMA_VERSION) for e in events)


def ticket_append(state: TicketState, ticket_id: int, events: list[DomainEvent]) -> StreamAppend:
    return StreamAppend(ticket_stream(ticket_id), TICKET, state.version, new_events(events))


def contact_append(contact_id: int, events: list[DomainEvent]) -> StreamAppend:
    return StreamAppend(contact_stream(contact_id), CONTACT, 0, new_events(events))


def claim_append(email: str, events: list[DomainEvent]) -> StreamAppend:
    return StreamAppend(contact_email_stream(email), CONTACT_EMAIL, 0, new_events(events))
