"""Torture: many writers holding their transactions open a random while, some rolling back,
many on the same few streams; partitioned projectors in processes of their own, SIGKILLed at
random and restarted throughout. Once the writers are done and the projectors have caught up,
every read table is a fresh fold of what committed, every committed event was applied once,
in its stream's order, and no rolled-back event was applied at all.

Sizes come from the environment, for a longer run by hand (the defaults fit CI):
    TORTURE_SEED=… TORTURE_WRITERS=32 TORTURE_TRANSACTIONS=400 TORTURE_PROJECTORS=4 \\
    TORTURE_PARTITIONS=4 uv run pytest -s tests/integration/projections/torture
(also TORTURE_KILL_EVERY, mean seconds between kills; TORTURE_HOT_ACCOUNTS, TORTURE_HOT_TICKETS;
TORTURE_PATIENCE, how long the catch-up may make no progress). The seed is printed first;
running again with it replays the same writers' plans and the same kill intervals (the
interleaving, and so the conflicts and which batch a kill lands in, is the machine's).
"""

from __future__ import annotations

import os
import random
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

from shopnest.projections import registry
from tests.integration.eventstore.helpers import thread_pool
from tests.integration.mediator.tickets import agent, open_ticket
from tests.integration.projections.ledger import PartitionedLedger

from . import checks
from .projectors import Projectors
from .writers import Journal, World, plan, run_writer


@dataclass(frozen=True)
class Sizes:
    seed: int
    writers: int
    transactions: int  # per writer
    projectors: int
    partitions: int
    kill_every: float  # mean seconds between two kills
    hot_accounts: int
    hot_tickets: int
    patience: float  # seconds the catch-up may go without any checkpoint moving

    @classmethod
    def from_env(cls) -> Sizes:
        def number(name: str, default, kind=int):
            return kind(os.environ.get(f"TORTURE_{name}", default))

        return cls(seed=number("SEED", random.SystemRandom().randrange(2**32)),
                   writers=number("WRITERS", 32), transactions=number("TRANSACTIONS", 40),
                   projectors=number("PROJECTORS", 3), partitions=number("PARTITIONS", 3),
                   kill_every=number("KILL_EVERY", 0.7, float),
                   hot_accounts=number("HOT_ACCOUNTS", 3), hot_tickets=number("HOT_TICKETS", 2),
                   patience=number("PATIENCE", 20.0, float))


@contextmanager
def projected_elsewhere():
    """This process projects nothing meanwhile (its commits kick no in-process run): every
    event is applied by the projector processes, the ones being killed."""
    saved = dict(registry._projections)
    registry._projections.clear()
    try:
        yield
    finally:
        registry._projections.update(saved)


def _kill_at_random(projectors: Projectors, stop: threading.Event, rng: random.Random,
                    mean: float) -> None:
    """Kill a projector every `mean` seconds or so; every other kill waits (briefly) for
    its victim to be in the middle of a batch it has written but not committed."""
    while not stop.wait(rng.expovariate(1 / mean)):
        projectors.kill_one(catch_writing=rng.choice((0.0, 0.3)))


def _wait_until_caught_up(projectors: Projectors, projections: list, patience: float) -> list[str]:
    """Wait until every partition is past the last committed event; return the ones that
    are not, once no checkpoint has moved for `patience` seconds."""
    last = checks.last_committed()
    seen, still_since = None, time.monotonic()
    while True:
        behind = checks.checkpoints_at_or_past(projections, last)
        if not behind:
            return []
        if behind != seen:
            seen, still_since = behind, time.monotonic()
        elif time.monotonic() - still_since > patience:
            return behind
        projectors.ensure_running()
        time.sleep(0.1)


def _summary(sizes: Sizes, journals: list[Journal], projectors: Projectors, stored: dict,
             write_seconds: float, catch_up_seconds: float) -> str:
    kills = projectors.kills
    return (
        f"torture seed {sizes.seed}: {sizes.writers} writers, "
        f"{sum(j.committed for j in journals)} transactions committed, "
        f"{sum(j.rolled_back for j in journals)} rolled back, "
        f"{sum(j.retries for j in journals)} retried after a conflict, "
        f"{sum(j.gave_up for j in journals)} given up; "
        f"{checks.event_count()} events ({len(stored)} of them ledger events); "
        f"{len(kills)} projector kills ({sum(k.in_transaction for k in kills)} in a transaction, "
        f"{sum(k.had_written for k in kills)} after writing in it); "
        f"writes {write_seconds:.1f} s, catch-up {catch_up_seconds:.1f} s")


def test_killed_projectors_apply_every_committed_event_once_and_in_order(ledger, settings,
                                                                          tmp_path):
    sizes = Sizes.from_env()
    print(f"\ntorture seed {sizes.seed} (TORTURE_SEED={sizes.seed} repeats it): {sizes}")
    settings.SHOPNEST_PROJECTION_PARTITIONS = sizes.partitions
    rng = random.Random(sizes.seed)
    agents = tuple(agent(slot) for slot in range(1, 5))
    world = World(hot_accounts=tuple(f"ledger-hot-{i}" for i in range(sizes.hot_accounts)),
                  hot_tickets=tuple(open_ticket(agents[0]) for _ in range(sizes.hot_tickets)),
                  agents=agents)
    plans = [plan(random.Random(f"{sizes.seed}:{w}"), w, sizes.transactions, world)
             for w in range(sizes.writers)]
    projectors = Projectors(sizes.projectors, sizes.partitions, tmp_path,
                            random.Random(rng.getrandbits(32)))
    projections = [*registry.all_projections(), PartitionedLedger(ledger.name)]

    with projected_elsewhere():
        projectors.start()
        try:
            projectors.wait_until_connected()
            started = time.monotonic()
            stop = threading.Event()
            with thread_pool(sizes.writers + 1) as submit:
                killer = submit(_kill_at_random, projectors, stop,
                                random.Random(rng.getrandbits(32)), sizes.kill_every)
                try:
                    writers = [submit(run_writer, w, plans[w], world)
                               for w in range(sizes.writers)]
                    journals = [future.result() for future in writers]
                finally:
                    stop.set()
                killer.result()
            write_seconds = time.monotonic() - started
            behind = _wait_until_caught_up(projectors, projections, sizes.patience)
            catch_up_seconds = time.monotonic() - started - write_seconds
        finally:
            projectors.stop()

    stored = checks.ledger_events()
    print(_summary(sizes, journals, projectors, stored, write_seconds, catch_up_seconds))
    problems = {
        "partitions behind the last event": behind,
        "projectors that died on their own": projectors.exits,
        "failed batches": [line for line in projectors.logs().splitlines()
                           if "batch failed" in line.lower() or "STALLED" in line],
        "store against the writers": checks.store_holds_what_writers_committed(journals, stored),
        "ledger deliveries": checks.every_event_delivered_once_in_order(stored),
        "ledger balances": checks.balances_equal_a_fresh_fold(stored),
        "read tables": checks.read_tables_equal_a_fresh_fold(registry.all_projections()),
    }
    assert projectors.kills, f"no projector was ever killed (seed {sizes.seed})"
    found = {kind: items for kind, items in problems.items() if items}
    assert not found, f"seed {sizes.seed}:\n" + "\n".join(
        f"{kind}:\n  " + "\n  ".join(items[:checks.SHOWN]) for kind, items in found.items())
