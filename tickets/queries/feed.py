"""The ticket streams in the change feed (shopnest/feed/visibility.py): who sees which events.

A caller sees the events of the tickets it may see, by the rule every ticket endpoint uses
(tickets/domain/access.py), judged on the ticket as it stands now: its read row, filtered
with the same SQL as GET /tickets (tickets/queries/access.py). So the feed shows exactly the
tickets whose history GET /tickets/{id}/activities would show the caller; a ticket that
enters an agent's scope is theirs from then on (its earlier events, already passed by their
cursor, stay passed), and one that leaves it is not.

- Global scope (and the system) sees every ticket event, with no lookup.
- A scoped agent or a customer: one query for the batch's ticket rows. A row that does not
  yet show an event (the tickets projection is behind) cannot be judged: WAIT, the page
  ends before it and a later poll judges it.
- A customer also never sees a private note, its edits or its deletion (one more query for
  the conversations those name), nor what is the desk's own business: the agent-only
  fields of the ticket API, group moves, watchers and spam marks.
"""

from __future__ import annotations

from collections.abc import Sequence

from shopnest.eventstore.records import RecordedEvent
from shopnest.feed.visibility import HIDE, SHOW_ALL, WAIT, Show, StreamViewer, Verdict, without
from shopnest.mediator.context import MessageContext
from tickets.access import access_of
from tickets.api.customers import AGENT_ONLY_TICKET_FIELDS
from tickets.domain.access import TicketAccess
from tickets.domain.aggregate import TICKET
from tickets.domain.events import (
    ConversationDeleted,
    NoteAdded,
    NoteEdited,
    TicketPropertiesChanged,
)
from tickets.models import ConversationView, TicketView
from tickets.queries.access import visible

# Events about the desk's workings rather than the customer's request.
AGENT_ONLY_EVENTS = frozenset({"TicketGroupChanged", "WatcherAdded", "WatcherRemoved",
                               "TicketMarkedSpam", "TicketUnmarkedSpam"})
_NOBODY = TicketAccess()


class TicketFeed:
    def viewer(self, ctx: MessageContext) -> StreamViewer | None:
        access = access_of(ctx)
        if access.everything:
            return SHOW_ALL
        if access == _NOBODY:
            return None
        return ScopedTickets(access)


class ScopedTickets:
    """The tickets one caller's scope covers, judged a batch at a time."""

    def __init__(self, access: TicketAccess):
        self.access = access

    def judge(self, records: Sequence[RecordedEvent]) -> list[Verdict]:
        ids = sorted({TICKET.key_of(record.stream_id) for record in records})
        versions = dict(TicketView.objects.filter(id__in=ids).values_list("id", "version"))
        seen = set(visible(TicketView.objects.filter(id__in=ids), self.access)
                   .values_list("id", flat=True))
        public = self._public_conversations(records) if self.access.customer else set()
        return [self._verdict(record, versions, seen, public) for record in records]

    def _verdict(self, record: RecordedEvent, versions: dict[int, int], seen: set[int],
                 public: set[int]) -> Verdict:
        ticket_id = TICKET.key_of(record.stream_id)
        if versions.get(ticket_id, 0) < record.version:
            return WAIT
        if ticket_id not in seen:
            return HIDE
        return for_customer(record, public) if self.access.customer else Show(record.data)

    @staticmethod
    def _public_conversations(records: Sequence[RecordedEvent]) -> set[int]:
        """The conversations edits and deletions in the batch name that are not private
        notes (a conversation without a row counts as private: shown to nobody)."""
        named = {record.event.conversation_id for record in records
                 if isinstance(record.event, NoteEdited | ConversationDeleted)}
        if not named:
            return set()
        return set(ConversationView.objects.filter(id__in=sorted(named), private=False)
                   .values_list("id", flat=True))


def for_customer(record: RecordedEvent, public: set[int]) -> Verdict:
    """What a customer sees of an event of their ticket."""
    event = record.event
    if record.type in AGENT_ONLY_EVENTS:
        return HIDE
    if isinstance(event, NoteAdded) and event.private:
        return HIDE
    if isinstance(event, NoteEdited | ConversationDeleted) and event.conversation_id not in public:
        return HIDE
    data = without(record.data, AGENT_ONLY_TICKET_FIELDS)
    if isinstance(event, TicketPropertiesChanged):
        data["changes"] = without(record.data["changes"], AGENT_ONLY_TICKET_FIELDS)
        if not data["changes"]:
            return HIDE
    return Show(data)
