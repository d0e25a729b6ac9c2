"""Agent accounts as event streams: commands and events (plain Python)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, ClassVar

from shopnest.messages import Command


@dataclass(frozen=True)
class RegisterAgent(Command):
    """Create an agent who can sign in to the admin and call the API with `api_key`."""

    retry_on_conflict: ClassVar[bool] = True

    email: str
    name: str
    api_key: str
    is_admin: bool = False
    password: str | None = None


@dataclass(frozen=True)
class AgentRegistered:
    """An agent account was created (only hashes of its secrets are stored)."""

    TYPE: ClassVar[str] = "AgentRegistered"

    agent_id: int
    email: str
    name: str
    is_admin: bool
    api_key_hash: str
    password_hash: str | None
    at: str

    def to_data(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class AgentEmailClaimed:
    """An email address now belongs to this agent; the claim stream makes emails unique."""

    TYPE: ClassVar[str] = "AgentEmailClaimed"

    email: str
    agent_id: int
    at: str

    def to_data(self) -> dict[str, Any]:
        return asdict(self)
