"""Send an account command and make its effect visible at once (for tools and sign-in pages).

Command-line tools and the password-change page need the account row written before they go
on (to print a usable key, or to keep the session signed in). They wait for a worker to
project the command; when none does within `worker_wait`, a command-line tool runs the
accounts projection itself (the same runner a worker would use).
"""

from __future__ import annotations

import time

from shopnest.mediator import CommandResult, MessageContext, mediator
from shopnest.messages import Command
from shopnest.projections import consistency, registry, runner

ACCOUNTS = ("accounts",)


def send_and_wait(command: Command, ctx: MessageContext, *, worker_wait: float | None = None,
                  reads: tuple[str, ...] = ACCOUNTS) -> tuple[CommandResult, bool]:
    """Send `command`; return its outcome and whether the `reads` projections show it yet."""
    outcome = mediator.send(command, ctx)
    if outcome.token is None:
        return outcome, True
    return outcome, consistency.wait_for_token(reads, outcome.token, worker_wait)


def send_now(command: Command, *, worker_wait: float = 2.0, ctx: MessageContext | None = None,
             reads: tuple[str, ...] = ACCOUNTS) -> CommandResult:
    """Send `command` from a command-line tool; return once the `reads` projections (the
    accounts tables by default) show it."""
    outcome, shown = send_and_wait(command, ctx or MessageContext(via="cli"),
                                   worker_wait=worker_wait, reads=reads)
    if not shown:
        catch_up_to(reads, outcome.token)
    return outcome


def catch_up_to(reads: tuple[str, ...], token, timeout: float = 60) -> None:
    """Return once the `reads` projections have passed `token`, running them here if no
    worker gets there first (a command-line tool must not end before its writes show)."""
    # Another runner may hold the projection's lock with a horizon read before our commit:
    # keep going until the write is really there.
    deadline = time.monotonic() + timeout
    while not consistency.has_reached(reads, token):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the {', '.join(reads)} projections did not reach the command "
                               f"in {timeout:.0f} s")
        for name in reads:
            runner.run_until_caught_up(registry.get(name))
        time.sleep(0.05)


def register_from_cli(command, stdout) -> None:
    """Register an agent from a management command and print its id, address and API key."""
    from django.core.management.base import CommandError

    from shopnest.domain.errors import DomainError

    try:
        outcome = send_now(command)
    except DomainError as exc:
        raise CommandError(exc.describe()) from exc
    stdout.write(f"agent id: {outcome.result['agent_id']}")
    stdout.write(f"email:    {outcome.result['email']}")
    stdout.write(f"api key:  {command.api_key}")
