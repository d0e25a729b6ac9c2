"""Agent accounts as an aggregate: commands, events, state, evolve and registration.

An agent's e-mail address and API key are each claimed in a claim stream of their own, in
the same append as the agent's registration, so no two agents ever share either, however
their requests race. Secrets reach the domain only as hashes, made by the handler.

Group membership has one truth: the agent's stream (`group_ids`). A group's `agent_ids` are
derived from the agents' rows; a group command that names agents appends to their streams.
Updates, deactivation and key rotation are decided in agent_changes.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import singledispatch
from typing import Any, ClassVar

from shopnest.domain import storable
from shopnest.domain.aggregate import Aggregate, DecisionContext, unique_claim
from shopnest.domain.errors import AlreadyExists, InvalidValue, NotFound, ValidationFailed
from shopnest.domain.events import DomainEvent
from shopnest.messages import Command

from . import roles
from .agent_fields import new_profile, unknown_ids

# What the accounts read tables hold (auth_user: email 254, first and last name 150 each;
# shopnest/apps.py checks these against the models at start-up). A name of at most 150
# characters fits whichever way it splits into first and last name.
EMAIL_MAX_LENGTH = 254
NAME_MAX_LENGTH = 150
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


# -- commands -------------------------------------------------------------------------------

@dataclass(frozen=True)
class RegisterAgent(Command):
    """Create an agent who can sign in to the admin and call the API with `api_key`."""

    email: Any
    name: Any
    # None: the handler makes a key nobody is shown (`manage.py issue_api_key` hands one out);
    # the command then stays the same when a client retries it under its Idempotency-Key.
    api_key: Any
    is_admin: bool = False
    password: str | None = None
    # The profile fields a client sent (agent_fields.PROFILE_FIELDS); `role_ids` among them
    # decides `is_admin`, which then only stands for the roles of tools that know no roles.
    profile: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ChangeAgentPassword(Command):
    """Set the password an agent signs in to the back office with."""

    agent_id: int
    password: str


@dataclass(frozen=True)
class RecordSignIn(Command):
    """Note that the agent signed in to the back office (their `last_login_at`)."""

    agent_id: int


# -- events ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class AgentEvent(DomainEvent):
    """The family of events an agent stream holds."""


def _roles_from_admin_flag(data: dict[str, Any]) -> dict[str, Any]:
    """v1 knew only `is_admin`: an admin was an Account Administrator, anyone else an Agent."""
    return {**data, "role_ids": list(roles.default_roles(bool(data["is_admin"])))}


@dataclass(frozen=True)
class AgentRegistered(AgentEvent):
    """An agent account was created (only hashes of its secrets are stored).

    v2 added the profile (scope, groups, roles, contact details); `is_admin` follows from the
    roles. v1 events (no profile) read as agents with the defaults and the roles of their flag.
    """

    TYPE: ClassVar[str] = "AgentRegistered"
    SCHEMA_VERSION: ClassVar[int] = 2
    UPCASTERS: ClassVar = {1: _roles_from_admin_flag}

    agent_id: int
    email: str
    name: str
    is_admin: bool
    api_key_hash: str
    password_hash: str | None
    ticket_scope: int = 1
    group_ids: tuple[int, ...] = ()
    role_ids: tuple[int, ...] = ()
    occasional: bool = False
    signature: str | None = None
    phone: str | None = None
    mobile: str | None = None
    job_title: str | None = None
    language: str = "en"
    time_zone: str = "UTC"


@dataclass(frozen=True)
class AgentUpdated(AgentEvent):
    """Some of the agent's fields took new values (`changes`: field → value, only what moved;
    `is_admin` is among them whenever the roles change it)."""

    TYPE: ClassVar[str] = "AgentUpdated"

    changes: Mapping[str, Any]


@dataclass(frozen=True)
class AgentDeactivated(AgentEvent):
    """The agent no longer works here: no sign-in, no API calls, no assignments. The e-mail
    claim stays with the agent, so the address cannot be registered again by mistake."""

    TYPE: ClassVar[str] = "AgentDeactivated"


@dataclass(frozen=True)
class AgentKeyRotated(AgentEvent):
    """The agent's API key was replaced (by its hash); the old one no longer authenticates."""

    TYPE: ClassVar[str] = "AgentKeyRotated"

    api_key_hash: str


@dataclass(frozen=True)
class AgentPasswordChanged(AgentEvent):
    TYPE: ClassVar[str] = "AgentPasswordChanged"

    password_hash: str


@dataclass(frozen=True)
class AgentSignedIn(AgentEvent):
    TYPE: ClassVar[str] = "AgentSignedIn"


@dataclass(frozen=True)
class AgentEmailClaimed(DomainEvent):
    """An e-mail address now belongs to this agent (the e-mail claim stream's event)."""

    TYPE: ClassVar[str] = "AgentEmailClaimed"

    email: str
    agent_id: int


@dataclass(frozen=True)
class AgentKeyClaimed(DomainEvent):
    """An API key (by its hash) now belongs to this agent (the key claim stream's event)."""

    TYPE: ClassVar[str] = "AgentKeyClaimed"

    key_hash: str
    agent_id: int


# -- state ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class AgentState:
    exists: bool = False
    id: int | None = None
    email: str | None = None
    name: str | None = None
    is_admin: bool = False
    api_key_hash: str | None = None
    password_hash: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    last_login_at: str | None = None
    ticket_scope: int = 1
    group_ids: tuple[int, ...] = ()
    role_ids: tuple[int, ...] = ()
    occasional: bool = False
    signature: str | None = None
    phone: str | None = None
    mobile: str | None = None
    job_title: str | None = None
    language: str = "en"
    time_zone: str = "UTC"
    active: bool = True
    available: bool = False
    available_since: str | None = None


# Fields of the state an AgentUpdated may change, and those that hold lists of ids.
UPDATABLE_STATE_FIELDS = frozenset({
    "email", "name", "is_admin", "ticket_scope", "group_ids", "role_ids", "occasional",
    "signature", "phone", "mobile", "job_title", "language", "time_zone", "available",
    "available_since"})
_ID_LISTS = frozenset({"group_ids", "role_ids"})


def evolve_agent(state: AgentState, event: AgentEvent) -> AgentState:
    state = _apply(event, state)
    # Signing in is something the agent did, not a change to the account.
    return state if isinstance(event, AgentSignedIn) else replace(state, updated_at=event.at)


@singledispatch
def _apply(event: AgentEvent, state: AgentState) -> AgentState:
    raise TypeError(f"An agent cannot fold {type(event).__name__}")


@_apply.register
def _registered(event: AgentRegistered, state: AgentState) -> AgentState:
    return replace(state, exists=True, id=event.agent_id, email=event.email, name=event.name,
                   is_admin=event.is_admin, api_key_hash=event.api_key_hash,
                   password_hash=event.password_hash, created_at=event.at,
                   ticket_scope=event.ticket_scope, group_ids=tuple(event.group_ids),
                   role_ids=tuple(event.role_ids), occasional=event.occasional,
                   signature=event.signature, phone=event.phone, mobile=event.mobile,
                   job_title=event.job_title, language=event.language,
                   time_zone=event.time_zone)


@_apply.register
def _updated(event: AgentUpdated, state: AgentState) -> AgentState:
    changes = {name: tuple(value) if name in _ID_LISTS else value
               for name, value in event.changes.items() if name in UPDATABLE_STATE_FIELDS}
    return replace(state, **changes)


@_apply.register
def _deactivated(event: AgentDeactivated, state: AgentState) -> AgentState:
    return replace(state, active=False, available=False, available_since=None)


@_apply.register
def _key_rotated(event: AgentKeyRotated, state: AgentState) -> AgentState:
    return replace(state, api_key_hash=event.api_key_hash)


@_apply.register
def _password_changed(event: AgentPasswordChanged, state: AgentState) -> AgentState:
    return replace(state, password_hash=event.password_hash)


@_apply.register
def _signed_in(event: AgentSignedIn, state: AgentState) -> AgentState:
    return replace(state, last_login_at=event.at)


AGENT = Aggregate("agent", AgentState(), evolve_agent, AgentEvent)
AGENT_EMAIL = unique_claim("agent-email", AgentEmailClaimed, owner="agent_id")
AGENT_KEY = unique_claim("agent-key", AgentKeyClaimed, owner="agent_id")


# -- decide ---------------------------------------------------------------------------------

class DuplicateAgent(AlreadyExists):
    """Another agent already has this e-mail address or API key."""

    def __init__(self, field: str, owner: int) -> None:
        self.field = field
        self.additional_info = {"user_id": owner}
        super().__init__()


class AgentNotFound(NotFound):
    pass


def require_active(state: AgentState, agent_id: int) -> None:
    """A deactivated agent is gone for every command (its stream and rows stay for history)."""
    if not state.exists or not state.active:
        raise AgentNotFound(f"Agent {agent_id} not found")


def normalise_email(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


@dataclass(frozen=True)
class Registration:
    """What registering an agent appends: to the agent's stream and to its two claims."""

    registered: AgentRegistered
    email_claimed: AgentEmailClaimed
    key_claimed: AgentKeyClaimed


def registration(command: RegisterAgent, ctx: DecisionContext) -> Registration:
    """Decide a registration under the pre-allocated `ctx.ids["agent"]`.

    `ctx.refs` holds `api_key_hash` and `password_hash` (None: no password yet), made by the
    handler, and `email_owner` and `key_owner`: the agents that already claimed the address
    or the key (None: nobody); `groups`: the state of each group the profile names (None:
    no such group).
    """
    email = checked_email_and_key(command)
    profile = new_profile(command.profile)
    for field_name, owner in (("email", ctx.refs.get("email_owner")),
                              ("api_key", ctx.refs.get("key_owner"))):
        if owner is not None:
            raise DuplicateAgent(field_name, owner)
    missing = unknown_ids("group_ids", profile["group_ids"], ctx.refs.get("groups", {}))
    if missing:
        raise ValidationFailed([missing])
    if profile["role_ids"] is None:
        profile["role_ids"] = roles.default_roles(bool(command.is_admin))
    agent_id, at, actor = ctx.new_id("agent"), ctx.now, ctx.actor_id
    key_hash = ctx.ref("api_key_hash")
    return Registration(
        AgentRegistered(agent_id=agent_id, email=email, name=command.name.strip(),
                        is_admin=roles.is_admin(profile["role_ids"]), api_key_hash=key_hash,
                        password_hash=ctx.refs.get("password_hash"), at=at, actor_id=actor,
                        **profile),
        AgentEmailClaimed(email=email, agent_id=agent_id, at=at, actor_id=actor),
        AgentKeyClaimed(key_hash=key_hash, agent_id=agent_id, at=at, actor_id=actor),
    )


def checked_email_and_key(command: RegisterAgent) -> str:
    """Check the registration's fields; return the normalised e-mail address. The handler
    calls this before it looks the address and key up: only storable values name streams."""
    email = normalise_email(command.email)
    checks = [_text("email", email, EMAIL_MAX_LENGTH), _text("name", command.name, NAME_MAX_LENGTH),
              None if command.api_key is None else _text("api_key", command.api_key, None)]
    errors = [error for error in checks if error is not None]
    if not errors and not _EMAIL.fullmatch(email):
        errors.append(InvalidValue("email", "It should be a valid email address"))
    if errors:
        raise ValidationFailed(errors)
    return email


def checked_email(value: Any) -> str:
    """Return a new e-mail address of an agent, normalised, or raise ValidationFailed."""
    email = normalise_email(value)
    error = _text("email", email, EMAIL_MAX_LENGTH)
    if error is None and not _EMAIL.fullmatch(email):
        error = InvalidValue("email", "It should be a valid email address")
    if error is not None:
        raise ValidationFailed([error])
    return email


def checked_name(value: Any) -> str:
    error = _text("name", value, NAME_MAX_LENGTH)
    if error is not None:
        raise ValidationFailed([error])
    return value.strip()


def checked_key(value: Any) -> str:
    error = _text("api_key", value, None)
    if error is not None:
        raise ValidationFailed([error])
    return value


def _text(field: str, value: Any, max_length: int | None) -> InvalidValue | None:
    if not isinstance(value, str) or not value.strip():
        return InvalidValue(field, "Mandatory attribute missing", code="missing_field")
    problem = storable.text_problem(value)
    if problem:
        return InvalidValue(field, problem)
    if max_length is not None and len(value.strip()) > max_length:
        return InvalidValue(field, f"Has {len(value.strip())} characters, it can have maximum "
                                   f"of {max_length} characters")
    return None


def password_change(state: AgentState, command: ChangeAgentPassword, ctx: DecisionContext
                    ) -> list[AgentEvent]:
    require_active(state, command.agent_id)
    return [AgentPasswordChanged(password_hash=ctx.ref("password_hash"), at=ctx.now,
                                 actor_id=ctx.actor_id)]


def sign_in(state: AgentState, command: RecordSignIn, ctx: DecisionContext) -> list[AgentEvent]:
    require_active(state, command.agent_id)
    return [AgentSignedIn(at=ctx.now, actor_id=ctx.actor_id)]
