"""Register an agent from a command-line tool and make the account usable at once."""

from __future__ import annotations

from shopnest.accounts.messages import RegisterAgent
from shopnest.mediator import CommandResult, MessageContext, mediator
from shopnest.projections import consistency, registry, runner


def register_agent_now(command: RegisterAgent, *, worker_wait: float = 2.0) -> CommandResult:
    """Send RegisterAgent; if no worker projects the account within `worker_wait` seconds,
    run the accounts projection here (it is the same runner a worker would use)."""
    outcome = mediator.send(command, MessageContext(via="cli"))
    reached = outcome.token is None or consistency.wait_for_token(
        ("accounts",), outcome.token, worker_wait)
    if not reached:
        runner.run_until_caught_up(registry.get("accounts"))
    return outcome
