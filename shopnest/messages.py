"""Base classes of the messages that flow through the mediator.

Plain Python on purpose: domain packages import these without importing Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Command:
    """An intention to change state; handled by exactly one command handler.

    Subclasses set `retry_on_conflict = False` when their outcome depends on what the client
    last saw; otherwise the mediator re-decides them when another writer got there first.
    """

    retry_on_conflict: ClassVar[bool] = True


@dataclass(frozen=True)
class Query:
    """A request for data, answered from read tables by exactly one query handler.

    `reads` names the projections whose tables the query reads; the mediator waits for them
    to reach the caller's last write before answering (read-your-writes).
    """

    reads: ClassVar[tuple[str, ...]] = ()
