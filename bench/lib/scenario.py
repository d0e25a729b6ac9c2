"""The phases of the commands bench: warm-up, baselines, ticket creation, replies."""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field

import httpx
import psycopg

from lib import report
from lib.load import Call, PhaseResult, run_phase
from lib.visibility import VisibilityPoller
from lib.workload import customer_pool, reply_payload, ticket_payload

TICKETS = "/api/v2/tickets"


@dataclass
class Options:
    base_url: str
    writer: tuple[str, str]  # Basic auth of the agent whose commands are measured
    reader: tuple[str, str]  # another agent: its reads never wait for the writer's commands
    clients: int
    seconds: float
    baseline_seconds: float
    max_requests: int
    hot_share: float
    drain_seconds: float
    database_url: str
    pool_size: int = 200


@dataclass
class Outcome:
    phases: list[dict] = field(default_factory=list)
    lags: list[dict] = field(default_factory=list)
    notes: dict = field(default_factory=dict)


class CreatedTickets:
    """Ids and requesters of the tickets the load created (appended to by client threads)."""

    def __init__(self, poller: VisibilityPoller):
        self.poller = poller
        self.ids: list[int] = []
        self.emails: set[str] = set()
        self._lock = threading.Lock()

    def record(self, call: Call, response: httpx.Response, done_at: float) -> None:
        ticket_id = response.json()["id"]
        self.poller.expect("ticket", ticket_id, done_at)
        with self._lock:
            self.ids.append(ticket_id)
            self.emails.add(call.json["email"])


def _create_call(pool):
    def next_call(rng: random.Random) -> Call:
        return Call("create", "POST", TICKETS, ticket_payload(rng, pool))
    return next_call


def _reply_call(targets: list[int], hot: int, hot_share: float):
    # Replies to one hot ticket from several clients at once collide on its stream: the server
    # re-decides them (conflict retry); the rest are spread so they rarely meet.
    def next_call(rng: random.Random) -> Call:
        if rng.random() < hot_share:
            return Call("reply-hot", "POST", f"{TICKETS}/{hot}/reply", reply_payload(rng))
        target = rng.choice(targets)
        return Call("reply-spread", "POST", f"{TICKETS}/{target}/reply", reply_payload(rng))
    return next_call


def _expect_reply(poller: VisibilityPoller):
    def on_success(call: Call, response: httpx.Response, done_at: float) -> None:
        poller.expect("conversation", response.json()["id"], done_at)
    return on_success


def _phase(opts: Options, name: str, seconds: float, **kwargs) -> PhaseResult:
    kwargs.setdefault("auth", opts.writer)
    return run_phase(name, base_url=opts.base_url, clients=opts.clients, seconds=seconds,
                     max_requests=kwargs.pop("max_requests", opts.max_requests), **kwargs)


def _drain(opts: Options, poller: VisibilityPoller, kind: str, since: float) -> dict:
    poller.wait_drained(kind, opts.drain_seconds)
    seen, unseen = poller.take(kind)
    window = max(1.0, opts.seconds / 4)
    figures = report.lag_figures(kind, seen, unseen, opts.drain_seconds, window)
    figures["oldest_foreign_tx_s"] = poller.oldest_foreign_tx(since)
    return figures


def wait_usable(opts: Options, timeout: float = 10.0) -> None:
    """Wait until both agents' keys are accepted: their accounts are projected by then."""
    deadline = time.monotonic() + timeout
    for auth in (opts.writer, opts.reader):
        while True:
            answer = httpx.get(f"{opts.base_url}{TICKETS}?per_page=1", auth=auth, timeout=10)
            if answer.is_success:
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"an agent's key is still refused ({answer.status_code} "
                                   f"{answer.text[:120]}): was its account projected?")
            time.sleep(0.1)


def warm_up(opts: Options, poller: VisibilityPoller) -> None:
    """Touch every code path once per server thread, and prove the worker projects."""
    wait_usable(opts)
    created = CreatedTickets(poller)
    pool = customer_pool(opts.pool_size)
    warm = opts.clients * 3
    result = _phase(opts, "warm-up create", 15, max_requests=warm, next_call=_create_call(pool),
                    on_success=created.record, seed=101)
    if not created.ids:
        first = next((s for s in result.samples if not s.ok), None)
        raise RuntimeError("warm-up: no ticket could be created; first answer: "
                           f"{first.status if first else '-'} {first.error if first else ''}")
    _phase(opts, "warm-up reply", 15, max_requests=warm,
           next_call=_reply_call(created.ids, created.ids[0], opts.hot_share), seed=102)
    _phase(opts, "warm-up read", 15, max_requests=warm, auth=opts.reader,
           next_call=lambda rng: Call("read", "GET", f"{TICKETS}?per_page=1"), seed=103)
    if not poller.wait_drained("ticket", 20.0):
        raise RuntimeError("warm-up tickets never reached the read table: is the worker up?")
    poller.take("ticket")


def baselines(opts: Options, outcome: Outcome) -> None:
    """Cheap requests measured in the same run, so figures read as ratios on a noisy machine."""
    unauthenticated = _phase(
        opts, "baseline: 401 (no credentials)", opts.baseline_seconds, auth=None,
        next_call=lambda rng: Call("401", "GET", TICKETS, expect=401), seed=1)
    listing = _phase(
        opts, "baseline: GET /tickets?per_page=1", opts.baseline_seconds, auth=opts.reader,
        next_call=lambda rng: Call("list", "GET", f"{TICKETS}?per_page=1"), seed=2)
    outcome.phases += [report.phase_figures(unauthenticated), report.phase_figures(listing)]


def create_tickets(opts: Options, poller: VisibilityPoller, outcome: Outcome) -> CreatedTickets:
    created = CreatedTickets(poller)
    since = time.time()
    result = _phase(opts, "POST /tickets (create)", opts.seconds,
                    next_call=_create_call(customer_pool(opts.pool_size)),
                    on_success=created.record, seed=3)
    outcome.phases.append(report.phase_figures(result))
    outcome.lags.append(_drain(opts, poller, "ticket", since))
    outcome.notes["distinct_requesters"] = len(created.emails)
    return created


def reply_to_tickets(opts: Options, poller: VisibilityPoller, created: CreatedTickets,
                     outcome: Outcome) -> None:
    """Reply to the created tickets, a share of them to one hot ticket."""
    hot = created.ids[0]
    since = time.time()
    result = _phase(opts, "POST /tickets/{id}/reply", opts.seconds,
                    next_call=_reply_call(created.ids, hot, opts.hot_share),
                    on_success=_expect_reply(poller), seed=4)
    outcome.phases.append(report.phase_figures(result))
    outcome.lags.append(_drain(opts, poller, "conversation", since))
    outcome.notes.update(hot_ticket=hot, hot_ticket_version=_stream_version(opts, hot))


def _stream_version(opts: Options, ticket_id: int) -> int | None:
    # Every reply to the hot ticket re-reads and folds its whole stream: its length matters.
    with psycopg.connect(opts.database_url) as conn:
        row = conn.execute("SELECT version FROM es_streams WHERE stream_id = %s",
                           [f"ticket-{ticket_id}"]).fetchone()
    return row[0] if row else None
