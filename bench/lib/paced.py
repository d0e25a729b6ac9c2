"""Open-loop load at a fixed rate: requests leave on a schedule, whatever the answers do.

Projection lag is measured at a given share of the maximum create rate, so the load must hold
that rate (a closed loop would slow down with the server and hide a backlog).
"""

from __future__ import annotations

import random
import threading
import time

import httpx

from lib.load import REQUEST_TIMEOUT, NextCall, OnSuccess, PhaseResult, Sample, _send, collected


def run_paced(name: str, *, base_url: str, auth: tuple[str, str], rate: float, seconds: float,
              clients: int, next_call: NextCall, on_success: OnSuccess | None = None,
              seed: int = 0) -> PhaseResult:
    """Send `rate` requests per second for `seconds`, spread over `clients` connections (each
    takes every `clients`-th slot of the schedule; a late one sends at once and catches up)."""
    total = int(rate * seconds)
    start = time.monotonic() + 0.2
    per_client: list[list[Sample]] = [[] for _ in range(clients)]

    def client_loop(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        with httpx.Client(base_url=base_url, auth=auth, timeout=REQUEST_TIMEOUT) as client:
            for slot in range(index, total, clients):
                delay = start + slot / rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                call = next_call(rng)
                sample, response = _send(client, call)
                per_client[index].append(sample)
                if sample.ok and on_success is not None:
                    on_success(call, response, sample.done_at)

    threads = [threading.Thread(target=client_loop, args=(i,), daemon=True)
               for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return collected(name, clients, time.monotonic() - start, per_client)
