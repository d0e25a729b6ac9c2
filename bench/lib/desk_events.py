"""A large desk's ticket history, written straight into the event store (a bench fixture).

The events are the ticket domain's own classes, built here from the demo content rather than
decided by commands: going through the mediator costs a transaction and a fold per command,
about 150 commands/s on this machine, which would take hours for a million events. They are
appended through the store's own `append` (so personal fields are sealed under each
requester's key exactly as in production), many streams per transaction.

The history interleaves like a real desk's: tickets open one after another, each lives for a
while and its events fall between other tickets' events, so a batch of the log touches many
tickets, a few hot tickets have long threads, and replies come from agents (to the requester)
and from requesters (incoming, sealed). Every event is valid for the ticket's `evolve`
(a note is edited or a conversation deleted only once it exists).
"""

from __future__ import annotations

import heapq
import random
import sys
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tickets.demo.content import FIRST_NAMES, LAST_NAMES, story  # noqa: E402
from tickets.domain import events as ev  # noqa: E402
from tickets.domain.text import html_to_text  # noqa: E402

# Changes whenever the generated history does, so that a cached fixture is written again.
DESK_VERSION = 2
AGENTS = 25
# Writers appending in parallel, each the tickets whose id is its number modulo WRITERS.
WRITERS = 2
GROUPS = 6
START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
# How many tickets open while one ticket is still being worked on: sets how far apart a
# ticket's events are in the log.
LIFETIME_TICKETS = 3000
INCOMING = ("<p>Thanks for getting back to me. Any news on this? I still have not received "
            "anything and I need it before the weekend.</p>",
            "<p>Here is the photo of the box, the corner was crushed and the item inside is "
            "cracked.</p>",
            "<p>That worked, thank you so much for your help!</p>")


@dataclass
class _Ticket:
    """What the generator must know of a ticket to keep its events valid."""

    id: int
    requester_id: int
    email: str
    remaining: int
    tale: object
    notes: list[int] = field(default_factory=list)
    live: list[int] = field(default_factory=list)
    status: int = 2
    watchers: set[int] = field(default_factory=set)


def _email(n: int) -> str:
    first, last = FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[n % len(LAST_NAMES)]
    local = unicodedata.normalize("NFKD", f"{first}.{last}.{n}").encode("ascii", "ignore")
    return f"{local.decode().lower()}@example.com"


@cache
def _text(html: str) -> str:
    return html_to_text(html)


def event_counts(tickets: int, events: int, rng: random.Random) -> list[int]:
    """Events per ticket summing to `events`: most tickets short, a few long threads."""
    mean = events / tickets
    counts = []
    for _ in range(tickets):
        if rng.random() < 0.002:
            n = int(mean * rng.uniform(20, 60))  # a hot ticket with a long thread
        else:
            n = 1 + int(rng.expovariate(1 / max(mean - 1, 0.01)))
        counts.append(n)
    # Bring the total to exactly `events`, one event at a time on random tickets.
    total = sum(counts)
    while total != events:
        i = rng.randrange(tickets)
        if total < events:
            counts[i] += 1
            total += 1
        elif counts[i] > 1:
            counts[i] -= 1
            total -= 1
    return counts


def _at(tick: float) -> str:
    return (START + timedelta(seconds=tick)).strftime("%Y-%m-%dT%H:%M:%SZ")


class Desk:
    """Generates the history of `tickets` tickets holding `events` events, in log order."""

    def __init__(self, tickets: int, events: int, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.counts = event_counts(tickets, events, self.rng)
        self.contacts = max(10, tickets // 3)
        self.next_conversation = 1

    def events(self) -> Iterator[tuple[int, ev.TicketEvent]]:
        """Yield (ticket id, event) in the order the desk lived them."""
        pending: list[tuple[float, int, _Ticket]] = []  # (time, ticket id, ticket)
        spacing = 30.0  # seconds between two tickets opening
        lifetime = LIFETIME_TICKETS * spacing
        for index, count in enumerate(self.counts):
            opened = index * spacing
            while pending and pending[0][0] <= opened:
                tick, _, ticket = heapq.heappop(pending)
                yield ticket.id, self._next(ticket, tick)
                self._reschedule(pending, ticket, tick, lifetime)
            ticket = self._open(index + 1)
            ticket.remaining = count - 1
            yield ticket.id, self._created(ticket, opened)
            self._reschedule(pending, ticket, opened, lifetime)
        while pending:
            tick, _, ticket = heapq.heappop(pending)
            yield ticket.id, self._next(ticket, tick)
            self._reschedule(pending, ticket, tick, lifetime)

    def _reschedule(self, pending, ticket: _Ticket, tick: float, lifetime: float) -> None:
        if ticket.remaining > 0:
            gap = self.rng.expovariate(ticket.remaining / lifetime) + 1
            heapq.heappush(pending, (tick + gap, ticket.id, ticket))

    def _open(self, ticket_id: int) -> _Ticket:
        # A requester's tickets all belong to one writer (WRITERS): two writers making the
        # same person's data key at once would make each other retry.
        n = self.rng.randrange(self.contacts)
        n += (ticket_id - n) % WRITERS
        email = _email(n)
        return _Ticket(ticket_id, requester_id=100_000 + n, email=email, remaining=0,
                       tale=story(self.rng))

    def _created(self, t: _Ticket, tick: float) -> ev.TicketEvent:
        rng, tale = self.rng, t.tale
        return ev.TicketCreated(
            ticket_id=t.id, requester_id=t.requester_id, requester_email=t.email,
            subject=tale.subject, description=tale.description, status=2,
            priority=tale.priority, source=rng.choice([1, 2, 3, 7]), type=tale.type,
            tags=list(tale.tags), group_id=rng.randrange(1, GROUPS + 1),
            cc_emails=[f"partner.{t.requester_id}@example.com"] if rng.random() < 0.1 else [],
            custom_fields={"cf_order": f"SN-{rng.randint(100000, 999999)}"},
            due_by=_at(tick + 86400 * 3), fr_due_by=_at(tick + 86400),
            at=_at(tick), actor_id=None)

    def _conversation_id(self) -> int:
        self.next_conversation += 1
        return self.next_conversation

    def _next(self, t: _Ticket, tick: float) -> ev.TicketEvent:
        """One more event of ticket `t`, drawn from a desk's everyday mix."""
        t.remaining -= 1
        rng, at, agent = self.rng, _at(tick), rng_agent(self.rng)
        roll = rng.random()
        if roll < 0.26:
            cid = self._conversation_id()
            t.live.append(cid)
            body = t.tale.reply
            return ev.ReplyAdded(conversation_id=cid, body=body, body_text=_text(body),
                                 user_id=agent, to_emails=[t.email], recipient_id=t.requester_id,
                                 at=at, actor_id=agent)
        if roll < 0.40:
            cid = self._conversation_id()
            t.live.append(cid)
            body = rng.choice(INCOMING)
            return ev.ReplyAdded(conversation_id=cid, body=body, body_text=_text(body),
                                 user_id=t.requester_id, incoming=True, from_email=t.email,
                                 at=at, actor_id=None)
        if roll < 0.60:
            cid = self._conversation_id()
            t.live.append(cid)
            t.notes.append(cid)
            body = f"<p>{t.tale.note}</p>"
            return ev.NoteAdded(conversation_id=cid, body=body, body_text=_text(body),
                                user_id=agent, at=at, actor_id=agent)
        if roll < 0.62 and t.notes:
            body = f"<p>{t.tale.note} Customer informed.</p>"
            return ev.NoteEdited(conversation_id=rng.choice(t.notes), body=body,
                                 body_text=_text(body), at=at, actor_id=agent)
        if roll < 0.63 and t.live:
            cid = t.live.pop(rng.randrange(len(t.live)))
            if cid in t.notes:
                t.notes.remove(cid)
            return ev.ConversationDeleted(conversation_id=cid, at=at, actor_id=agent)
        if roll < 0.78:
            new = rng.choice([s for s in (2, 3, 4, 5) if s != t.status])
            previous, t.status = t.status, new
            return ev.TicketStatusChanged(status=new, previous_status=previous, at=at,
                                          actor_id=agent)
        if roll < 0.86:
            return ev.TicketAssigned(responder_id=agent, at=at, actor_id=agent)
        if roll < 0.90:
            return ev.TicketPriorityChanged(priority=rng.randint(1, 4), at=at, actor_id=agent)
        if roll < 0.93:
            return ev.TicketGroupChanged(group_id=rng.randrange(1, GROUPS + 1), at=at,
                                         actor_id=agent)
        if roll < 0.97:
            tags = sorted({*t.tale.tags, rng.choice(["vip", "follow-up", "carrier", "refund"])})
            return ev.TicketPropertiesChanged(changes={"tags": tags, "type": t.tale.type},
                                              at=at, actor_id=agent)
        if agent in t.watchers:
            t.watchers.discard(agent)
            return ev.WatcherRemoved(user_id=agent, at=at, actor_id=agent)
        t.watchers.add(agent)
        return ev.WatcherAdded(user_id=agent, at=at, actor_id=agent)


def rng_agent(rng: random.Random) -> int:
    return rng.randint(1, AGENTS)


def write(tickets: int, events: int, *, seed: int = 7, part: int = 0, parts: int = WRITERS,
          per_transaction: int = 200, progress=None) -> int:
    """Append this part's share of the desk's history to the store (the tickets whose id is
    `part` modulo `parts`: writers in parallel share no stream and no requester), about
    `per_transaction` events per transaction; return the number of events written.

    Small transactions are the fastest here: `es_append` does its work stream by stream."""
    from django.db import connection, transaction

    from shopnest.eventstore import store, streams
    from shopnest.eventstore.errors import RetryableAppendError
    from shopnest.eventstore.records import StreamAppend
    from tickets.domain.aggregate import TICKET

    desk = Desk(tickets, events, seed)
    written, analyzed_at = 0, 1000
    chunk: list[tuple[int, ev.TicketEvent]] = []

    def flush() -> None:
        nonlocal written, analyzed_at
        by_ticket: dict[int, list[ev.TicketEvent]] = {}
        for ticket_id, event in chunk:
            by_ticket.setdefault(ticket_id, []).append(event)
        appends = [StreamAppend(TICKET.stream_id(tid), TICKET.stream_type, None,
                                streams.new_events(evs)) for tid, evs in by_ticket.items()]
        metadata = {"actor_id": None, "actor_type": "system", "actor_email": None,
                    "via": "cli", "correlation_id": uuid.uuid4().hex, "request_id": None}
        while True:
            try:
                with transaction.atomic():
                    store.append(appends, metadata)
                break
            except RetryableAppendError:
                continue  # another part made the same requester's key first: seal again
        written += len(chunk)
        chunk.clear()
        if written >= analyzed_at:
            # Fresh statistics as the log grows (as autovacuum would give; it may be off):
            # es_append's plans chosen on a near-empty table would scan the whole log.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE es_events, es_streams, shopnest_person_key")
            analyzed_at *= 2
        if progress:
            progress(written)

    for item in desk.events():
        if item[0] % parts != part:
            continue
        chunk.append(item)
        if len(chunk) >= per_transaction:
            flush()
    if chunk:
        flush()
    return written


def main() -> int:
    """`python bench/lib/desk_events.py TICKETS EVENTS SEED PART`: one of the WRITERS."""
    import django

    django.setup()
    tickets, events, seed, part = (int(a) for a in sys.argv[1:5])
    print(write(tickets, events, seed=seed, part=part))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
