"""Closed-loop load: a fixed number of client threads, each sending one request at a time.

A phase ends when its time is up or its request budget is spent, whichever comes first. Every
client keeps one HTTP connection alive for the whole phase, as a real integration would.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

REQUEST_TIMEOUT = 30.0


@dataclass(frozen=True)
class Call:
    """One request to send; `label` groups figures inside a phase (e.g. hot vs spread)."""

    label: str
    method: str
    path: str
    json: Any = None
    expect: int | None = None  # the status that counts as success; None: any 2xx


@dataclass(frozen=True)
class Sample:
    label: str
    status: int  # 0: no HTTP answer (connection error, timeout)
    latency: float  # seconds, request sent → response read
    done_at: float  # wall clock (time.time()) when the response was read
    ok: bool
    error: str | None = None  # what came back instead of the expected answer


@dataclass
class PhaseResult:
    name: str
    clients: int
    elapsed: float
    samples: list[Sample] = field(default_factory=list)


# What the phase sends next, given the client's own random generator.
NextCall = Callable[[random.Random], Call]
# Called with each successful call, its response and the wall time it arrived.
OnSuccess = Callable[[Call, httpx.Response, float], None]


class _Budget:
    """Shared stop condition: a deadline, a request cap, and an external stop (Ctrl-C)."""

    def __init__(self, seconds: float, max_requests: int):
        self.deadline = time.monotonic() + seconds
        self.left = max_requests
        self.stopped = threading.Event()
        self._lock = threading.Lock()

    def take(self) -> bool:
        if self.stopped.is_set() or time.monotonic() >= self.deadline:
            return False
        with self._lock:
            if self.left <= 0:
                return False
            self.left -= 1
            return True


def _send(client: httpx.Client, call: Call) -> tuple[Sample, httpx.Response | None]:
    started = time.perf_counter()
    try:
        response = client.request(call.method, call.path, json=call.json)
    except httpx.HTTPError as exc:
        latency = time.perf_counter() - started
        error = f"{type(exc).__name__}: {exc}"
        return Sample(call.label, 0, latency, time.time(), False, error), None
    latency = time.perf_counter() - started
    done_at = time.time()
    ok = response.status_code == call.expect if call.expect else response.is_success
    error = None if ok else response.text[:200]
    return Sample(call.label, response.status_code, latency, done_at, ok, error), response


def _client_loop(budget: _Budget, client: httpx.Client, rng: random.Random, next_call: NextCall,
                 on_success: OnSuccess | None, out: list[Sample]) -> None:
    while budget.take():
        call = next_call(rng)
        sample, response = _send(client, call)
        out.append(sample)
        if sample.ok and on_success is not None:
            on_success(call, response, sample.done_at)


def run_phase(name: str, *, base_url: str, auth: tuple[str, str] | None, clients: int,
              seconds: float, max_requests: int, next_call: NextCall,
              on_success: OnSuccess | None = None, seed: int = 0) -> PhaseResult:
    """Run `clients` threads against the server until time or budget runs out."""
    budget = _Budget(seconds, max_requests)
    per_client: list[list[Sample]] = [[] for _ in range(clients)]
    http = [httpx.Client(base_url=base_url, auth=auth, timeout=REQUEST_TIMEOUT)
            for _ in range(clients)]
    threads = [
        threading.Thread(target=_client_loop, name=f"{name}-{i}", daemon=True,
                         args=(budget, http[i], random.Random(seed * 1000 + i), next_call,
                               on_success, per_client[i]))
        for i in range(clients)
    ]
    started = time.monotonic()
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        budget.stopped.set()  # on Ctrl-C: clients stop after their request in flight
        for client in http:
            client.close()
    return collected(name, clients, time.monotonic() - started, per_client)


def collected(name: str, clients: int, elapsed: float,
              per_client: list[list[Sample]]) -> PhaseResult:
    """The phase's result: every client's samples in one list."""
    result = PhaseResult(name, clients, elapsed)
    for samples in per_client:
        result.samples.extend(samples)
    return result
