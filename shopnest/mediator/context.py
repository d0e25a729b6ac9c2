"""Who sends a message, through what, and on behalf of which request."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from shopnest.domain.aggregate import DecisionContext
from shopnest.observability import correlation


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def current_or_new_correlation_id() -> str:
    """The work in hand's correlation id (a request's, a task's), or a fresh one."""
    return correlation.current() or uuid.uuid4().hex


@dataclass(frozen=True)
class MessageContext:
    """The envelope around a command or query: actor, channel and correlation ids."""

    actor_id: int | None = None
    actor_email: str | None = None
    actor_type: str = "system"  # agent | contact | system
    via: str = "system"  # api | admin | cli | worker | system
    correlation_id: str = field(default_factory=current_or_new_correlation_id)
    request_id: str | None = None
    idempotency_key: str | None = None
    now: datetime = field(default_factory=utc_now)

    @property
    def principal(self) -> str | None:
        """Return the key under which this actor's last write is remembered."""
        if self.actor_id is None:
            return None
        return f"{self.actor_type}:{self.actor_id}"

    @property
    def now_iso(self) -> str:
        return self.now.strftime("%Y-%m-%dT%H:%M:%SZ")

    def decision(self, *, ids: Mapping[str, int] | None = None,
                 refs: Mapping[str, Any] | None = None) -> DecisionContext:
        """Return what a domain's `decide` may know: this command's clock and actor, plus the
        ids and referenced states its handler prepared."""
        return DecisionContext(now=self.now_iso, actor_id=self.actor_id, ids=ids or {},
                               refs=refs or {})

    def metadata(self) -> dict:
        """Return the metadata stored with every event this context appends."""
        return {
            "actor_id": self.actor_id,
            "actor_type": self.actor_type,
            "actor_email": self.actor_email,
            "via": self.via,
            "correlation_id": self.correlation_id,
            "request_id": self.request_id,
        }


SYSTEM = MessageContext()
