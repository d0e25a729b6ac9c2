"""Register an agent from a command-line tool and make the account usable at once."""

from __future__ import annotations

import time

from shopnest.accounts.messages import RegisterAgent
from shopnest.mediator import CommandResult, MessageContext, mediator
from shopnest.projections import consistency, registry, runner


def register_agent_now(command: RegisterAgent, *, worker_wait: float = 2.0) -> CommandResult:
    """Send RegisterAgent; if no worker projects the account within `worker_wait` seconds,
    run the accounts projection here (it is the same runner a worker would use)."""
    outcome = mediator.send(command, MessageContext(via="cli"))
    if outcome.token is None or consistency.wait_for_token(("accounts",), outcome.token, worker_wait):
        return outcome
    # Another runner may hold the projection's lock with a horizon read before our commit:
    # keep going until the account is really there.
    deadline = time.monotonic() + 60
    while not consistency.has_reached(("accounts",), outcome.token):
        if time.monotonic() > deadline:
            raise TimeoutError("the accounts projection did not reach the new agent in 60 s")
        runner.run_until_caught_up(registry.get("accounts"))
        time.sleep(0.05)
    return outcome
