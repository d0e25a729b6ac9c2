"""Customers' API keys: a contact may be issued a key of their own to call the API as a
customer (their own tickets; their company's where they may view all of them).

A customer's key lives in a stream of its own per contact (`customer-key-<contact id>`), not
in the contact's stream: the contact's record and its access are separate concerns, and
erasing a person revokes the key as one more event. The key (by its hash) is claimed in the
same claim space as agents' keys are checked against, so no key ever opens two accounts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, ClassVar

from shopnest.domain import storable
from shopnest.domain.aggregate import Aggregate, ClaimReleased, DecisionContext, unique_claim
from shopnest.domain.errors import AlreadyExists, InvalidValue, NotFound, ValidationFailed
from shopnest.domain.events import DomainEvent
from shopnest.messages import Command


@dataclass(frozen=True)
class IssueCustomerKey(Command):
    """Give the contact `api_key` (a new key replaces the old, which stops working)."""

    contact_id: int
    api_key: Any


@dataclass(frozen=True)
class CustomerKeyEvent(DomainEvent):
    """The family of events a customer-key stream holds."""


@dataclass(frozen=True)
class CustomerKeyIssued(CustomerKeyEvent):
    TYPE: ClassVar[str] = "CustomerKeyIssued"

    contact_id: int
    key_hash: str


@dataclass(frozen=True)
class CustomerKeyRevoked(CustomerKeyEvent):
    TYPE: ClassVar[str] = "CustomerKeyRevoked"

    contact_id: int


@dataclass(frozen=True)
class CustomerKeyClaimed(DomainEvent):
    """A key (by its hash) now opens this contact's customer access."""

    TYPE: ClassVar[str] = "CustomerKeyClaimed"

    key_hash: str
    contact_id: int


@dataclass(frozen=True)
class CustomerKeyState:
    exists: bool = False
    contact_id: int | None = None
    key_hash: str | None = None
    issued_at: str | None = None
    updated_at: str | None = None


def evolve_customer_key(state: CustomerKeyState, event: CustomerKeyEvent) -> CustomerKeyState:
    if isinstance(event, CustomerKeyIssued):
        return replace(state, exists=True, contact_id=event.contact_id, key_hash=event.key_hash,
                       issued_at=event.at, updated_at=event.at)
    if isinstance(event, CustomerKeyRevoked):
        return replace(state, exists=True, contact_id=event.contact_id, key_hash=None,
                       updated_at=event.at)
    raise TypeError(f"A customer key cannot fold {type(event).__name__}")


CUSTOMER_KEY = Aggregate("customer-key", CustomerKeyState(), evolve_customer_key,
                         CustomerKeyEvent)
CUSTOMER_KEY_CLAIM = unique_claim("customer-key-claim", CustomerKeyClaimed, owner="contact_id")


class ContactNotFound(NotFound):
    pass


class KeyInUse(AlreadyExists):
    """The key already opens another account (an agent's or another customer's)."""

    field = "api_key"


@dataclass(frozen=True)
class KeyIssue:
    """What issuing a key appends: to the contact's key stream, to the new key's claim, and
    (when a key is replaced) to the old key's claim, which is released."""

    issued: CustomerKeyIssued
    claimed: CustomerKeyClaimed
    released: ClaimReleased | None


MIN_KEY_LENGTH = 16


def checked_key(command: IssueCustomerKey) -> str:
    """Return the key to hash, or raise ValidationFailed. The handler calls this before it
    hashes the key and looks it up: only storable text names a claim stream."""
    key = command.api_key
    problem = (f"It should be at least {MIN_KEY_LENGTH} characters"
               if not isinstance(key, str) or len(key.strip()) < MIN_KEY_LENGTH
               else storable.text_problem(key))
    if problem:
        raise ValidationFailed([InvalidValue("api_key", problem)])
    return key.strip()


def issue_key(state: CustomerKeyState, command: IssueCustomerKey, ctx: DecisionContext
              ) -> KeyIssue:
    """`ctx.refs`: `contact_exists`, `key_hash` (made by the handler), `key_owner` (who holds
    the key among customers, or None) and `agent_key_owner` (an agent holding it, or None)."""
    checked_key(command)
    if not ctx.ref("contact_exists"):
        raise ContactNotFound(f"Contact {command.contact_id} not found")
    key_hash = ctx.ref("key_hash")
    owner = ctx.refs.get("key_owner")
    if ctx.refs.get("agent_key_owner") is not None or (
            owner is not None and owner != command.contact_id):
        raise KeyInUse()
    at, actor = ctx.now, ctx.actor_id
    released = (ClaimReleased(at=at, actor_id=actor)
                if state.key_hash is not None and state.key_hash != key_hash else None)
    return KeyIssue(
        CustomerKeyIssued(contact_id=command.contact_id, key_hash=key_hash, at=at, actor_id=actor),
        CustomerKeyClaimed(key_hash=key_hash, contact_id=command.contact_id, at=at,
                           actor_id=actor),
        released)
