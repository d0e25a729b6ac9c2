"""The torture test's writers: each in a thread with a database connection of its own, each
transaction held open a random while after its append, one in ten rolled back.

Every writer follows a plan drawn from the run's seed before it starts (which streams, how
many events, how long to hold, whether to roll back), so a seed names one workload; only the
interleaving, and so the conflicts and their retries, differs between runs. A writer meets
conflicts as a client does: it reloads and tries again.
"""

from __future__ import annotations

import dataclasses
import random
import time
import uuid
from dataclasses import dataclass, field

from django.db import connection, transaction

from shopnest.domain.errors import Conflict, PreconditionFailed
from shopnest.eventstore import ids, store
from shopnest.eventstore.errors import ConcurrencyError, RetryableAppendError
from shopnest.eventstore.records import StreamAppend
from shopnest.mediator import MessageContext, mediator
from shopnest.mediator.context import utc_now
from tests.integration.mediator.tickets import open_ticket_command
from tests.integration.projections.ledger import balance_set
from tickets.domain.commands import AddReply, UpdateTicket

ROLLBACK_SHARE = 0.1
MAX_HOLD_SECONDS = 0.05
# A client gives up on one write after this many conflicts in a row (noted, not failed).
MAX_ATTEMPTS = 100


class RolledBack(Exception):
    """Raised inside a writer's transaction to roll it back."""


@dataclass(frozen=True)
class Step:
    """One transaction of a writer's plan."""

    kind: str  # "ledger" (appended through the store), "create", "reply", "update" (mediator)
    accounts: tuple[str, ...] = ()  # the ledger streams written, in one transaction
    events: int = 1  # events per account
    ticket: int | None = None  # which hot ticket a reply or update goes to (None: the writer's own)
    hold: float = 0.0
    roll_back: bool = False


@dataclass(frozen=True)
class World:
    """What every writer shares: the hot streams and the agents acting."""

    hot_accounts: tuple[str, ...]
    hot_tickets: tuple[int, ...]
    agents: tuple[MessageContext, ...]


@dataclass
class Journal:
    """What one writer saw committed and rolled back."""

    writer: int
    # (account, version, position, balance) of every committed ledger event.
    ledger_events: list[tuple[str, int, int, int]] = field(default_factory=list)
    # Positions of events appended by transactions that then rolled back (never reused).
    rolled_back_positions: list[int] = field(default_factory=list)
    # Highest committed version of each stream a mediator command wrote.
    command_versions: dict[str, int] = field(default_factory=dict)
    own_tickets: list[int] = field(default_factory=list)
    committed: int = 0
    rolled_back: int = 0
    retries: int = 0
    gave_up: int = 0


def plan(rng: random.Random, writer: int, transactions: int, world: World) -> list[Step]:
    """Draw a writer's transactions: half ledger appends, half ticket commands; many on the
    few hot streams every writer shares, the rest on the writer's own."""
    own_accounts = [f"ledger-w{writer}-{i}" for i in range(4)]
    steps = []
    for _ in range(transactions):
        hold = rng.uniform(0, MAX_HOLD_SECONDS)
        roll_back = rng.random() < ROLLBACK_SHARE
        if rng.random() < 0.5:
            pool = world.hot_accounts if rng.random() < 0.5 else own_accounts
            accounts = {rng.choice(pool)}
            if rng.random() < 0.2:  # a transfer: a hot account too, both or neither committed
                accounts.add(rng.choice(world.hot_accounts))
            steps.append(Step("ledger", accounts=tuple(sorted(accounts)),
                              events=rng.randint(1, 3), hold=hold, roll_back=roll_back))
        else:
            kind = rng.choices(("create", "reply", "update"), weights=(3, 5, 2))[0]
            # If-Match on a hot ticket mostly loses to the replies: fewer of those go there.
            hot = rng.random() < (0.6 if kind == "reply" else 0.2)
            ticket = rng.choice(world.hot_tickets) if hot else None
            steps.append(Step(kind, ticket=ticket, hold=hold, roll_back=roll_back))
    return steps


def run_writer(writer: int, steps: list[Step], world: World) -> Journal:
    """Carry out the plan, transaction after transaction; return what happened."""
    journal = Journal(writer)
    retry_jitter = random.Random()  # not the plan's: how often a writer retries is timing
    acting = world.agents[writer % len(world.agents)]
    try:
        for number, step in enumerate(steps):
            # A request of its own: its clock and correlation id (the agent's identity kept).
            ctx = dataclasses.replace(acting, correlation_id=uuid.uuid4().hex, now=utc_now())
            for attempt in range(MAX_ATTEMPTS):
                try:
                    _transaction(journal, number, step, world, ctx)
                    break
                except (ConcurrencyError, RetryableAppendError, Conflict, PreconditionFailed):
                    journal.retries += 1
                    # Back off, so that the writers who lost to one commit do not all
                    # queue up again behind the next.
                    time.sleep(retry_jitter.uniform(0, min(0.1, 0.002 * 2**attempt)))
            else:
                journal.gave_up += 1
    finally:
        ids.close()
    return journal


def _transaction(journal: Journal, number: int, step: Step, world: World,
                 ctx: MessageContext) -> None:
    outcome = None
    try:
        with transaction.atomic():
            if step.kind == "ledger":
                balances = _append_balances(journal.writer, number, step)
            else:
                outcome = _command(journal, step, world, ctx)
            appended = _appended_here()
            time.sleep(step.hold)
            if step.roll_back:
                raise RolledBack()
    except RolledBack:
        journal.rolled_back += 1
        journal.rolled_back_positions += [position for _, _, position in appended]
        return
    journal.committed += 1
    if step.kind == "ledger":
        journal.ledger_events += [(stream, version, position, balances[stream, version])
                                  for stream, version, position in appended]
        return
    for stream, version in outcome.versions.items():
        journal.command_versions[stream] = max(version, journal.command_versions.get(stream, 0))
    if step.kind == "create":
        journal.own_tickets.append(outcome.result["ticket"]["id"])


def _appended_here() -> list[tuple[str, int, int]]:
    """(stream, version, position) of the events this transaction appended (none: no id)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT stream_id, version, position FROM es_events "
                       "WHERE tx = pg_current_xact_id_if_assigned() ORDER BY position")
        return [tuple(row) for row in cursor.fetchall()]


def _append_balances(writer: int, number: int, step: Step) -> dict[tuple[str, int], int]:
    """Append to the step's accounts at the versions just read (a conflict if another writer
    got there in between); return each event's balance by (account, version). A balance is
    unique to its event: it spells (writer, step, account, n)."""
    appends = []
    for a, account in enumerate(step.accounts):
        amounts = [((writer * 10_000 + number) * 10 + a) * 10 + n for n in range(step.events)]
        appends.append(StreamAppend(account, "ledger", store.stream_version(account),
                                    tuple(balance_set(amount) for amount in amounts)))
    results = store.append(appends, {"writer": writer})
    balances = {}
    for result, append in zip(results, appends, strict=True):
        first = result.version - len(append.events) + 1
        for n, event in enumerate(append.events):
            balances[result.stream_id, first + n] = event.data["balance"]
    return balances


def _command(journal: Journal, step: Step, world: World, ctx: MessageContext):
    if step.kind == "create":
        return mediator.send(open_ticket_command(), ctx)
    # The writer's own latest ticket (a hot one until it has one).
    ticket = step.ticket or (journal.own_tickets or world.hot_tickets)[-1]
    if step.kind == "reply":
        return mediator.send(AddReply(ticket_id=ticket, body=f"reply {journal.writer}"), ctx)
    # If-Match: the version the client last read; a stale one is refused (412) and reloaded.
    version = store.stream_version(f"ticket-{ticket}")
    priority = 1 + (version + journal.writer) % 4
    return mediator.send(UpdateTicket(ticket_id=ticket, changes={"priority": priority},
                                      expected_version=version), ctx)
