"""Twins of one Idempotency-Key never deadlock, even when a third writer forces a retry.

The first attempt of a keyed command takes the key's lock and then (inside the append) the
stream's; a retry after a lost race used to lock the stream first and the key second. With a
twin holding the key and waiting for the stream, that is a lock cycle: PostgreSQL aborted one
twin with "deadlock detected", a 500. Locks are now always taken key first, streams second.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from shopnest.eventstore import store
from shopnest.eventstore.records import NewEvent, StreamAppend
from shopnest.mediator import Decision, Mediator, MessageContext
from shopnest.mediator.behaviours import COMMAND_BEHAVIOURS
from shopnest.messages import Command
from tests.integration.eventstore.helpers import append, thread_pool

STREAM = "deadlock-1"
WAIT = 10


@dataclass(frozen=True)
class Deposit(Command):
    amount: int


class Choreography:
    """Makes twin A lose a race to writer C, then retry while twin B holds the key's lock."""

    def __init__(self) -> None:
        self.a_read = threading.Event()
        self.c_appended = threading.Event()
        self.a_retrying = threading.Event()
        self.b_decided = threading.Event()
        self.calls: dict[str, int] = {}

    def handler(self, command: Deposit, ctx: MessageContext) -> Decision:
        who = threading.current_thread().name.split("-")[0]
        call = self.calls[who] = self.calls.get(who, 0) + 1
        version = store.stream_version(STREAM)
        if who == "A" and call == 1:
            self.a_read.set()
            assert self.c_appended.wait(WAIT)  # C gets in between A's read and A's append
        if who == "A" and call == 2:
            self.a_retrying.set()  # inside the retry's transaction, the stream's lock held
            assert self.b_decided.wait(WAIT)
            time.sleep(0.3)  # B is now holding the key's lock and waiting for the stream's
        if who == "B":
            self.b_decided.set()
        events = (NewEvent("Deposited", {"amount": command.amount}),)
        return Decision(appends=(StreamAppend(STREAM, "deadlock", version, events),),
                        result={"version_seen": version})


def _named(name: str, fn):
    def run():
        threading.current_thread().name = f"{name}-worker"
        try:
            return fn()
        except Exception as exc:  # collected: the test lists every failure
            return exc
    return run


def test_twins_of_one_key_both_succeed_when_a_third_writer_forces_a_retry():
    choreography = Choreography()
    mediator = Mediator()
    mediator.command_behaviours = list(COMMAND_BEHAVIOURS)
    mediator.register_command(Deposit, choreography.handler)
    append(STREAM, None, NewEvent("Deposited", {"amount": 1}))

    def twin():
        return mediator.send(Deposit(amount=5), MessageContext(
            actor_id=3, actor_type="agent", idempotency_key="pay-once"))

    with thread_pool(2) as submit:
        a = submit(_named("A", twin))
        assert choreography.a_read.wait(WAIT)
        append(STREAM, None, NewEvent("Deposited", {"amount": 100}))  # writer C
        choreography.c_appended.set()
        assert choreography.a_retrying.wait(WAIT)
        b = submit(_named("B", twin))
        outcomes = [a.result(timeout=30), b.result(timeout=30)]

    failures = [o for o in outcomes if isinstance(o, Exception)]
    assert not failures, failures
    assert outcomes[0].result == outcomes[1].result
    assert sorted(o.replayed for o in outcomes) == [False, True]
    deposits = [e.data["amount"] for e in store.read_stream(STREAM)]
    assert deposits == [1, 100, 5]
