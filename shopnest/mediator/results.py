"""What a command handler decides and what the mediator returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shopnest.eventstore.records import Position, StreamAppend


@dataclass(frozen=True)
class Decision:
    """A handler's verdict: the appends to make and the result to return once they commit.

    `result` must be JSON-serialisable: it is what an idempotent replay returns. `erase` names
    persons ("contact:5") whose data keys are destroyed in the same transaction (erasure).
    """

    appends: tuple[StreamAppend, ...] = ()
    result: dict[str, Any] = field(default_factory=dict)
    erase: tuple[str, ...] = ()


@dataclass(frozen=True)
class CommandResult:
    """The outcome of `mediator.send`: the handler's result plus where its events landed."""

    result: dict[str, Any]
    versions: dict[str, int] = field(default_factory=dict)
    token: Position | None = None
    replayed: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "result": self.result,
            "versions": self.versions,
            "token": str(self.token) if self.token else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CommandResult:
        token = data.get("token")
        return cls(
            result=data["result"],
            versions=data.get("versions", {}),
            token=Position.parse(token) if token else None,
            replayed=True,
        )
