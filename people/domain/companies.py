"""Companies as an aggregate: commands, events, state, evolve and decide (plain Python).

A company's name (case-insensitively) and each of its domains are claimed in claim streams
of their own, appended with the company's events: two companies never share a name or a
domain, however their requests race. A rename or a changed domain list releases what the
company no longer holds (ClaimReleased); deleting a company releases all of it.

Contacts join the company that holds their e-mail address's domain
(`company_for_email_domain`); `people.handlers.companies.company_for_email` reads the domain's
claim stream for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import singledispatch
from typing import Any, ClassVar

from shopnest.domain.aggregate import Aggregate, ClaimReleased, DecisionContext, unique_claim
from shopnest.domain.errors import AlreadyExists, NotFound, ValidationFailed
from shopnest.domain.events import DomainEvent
from shopnest.messages import Command

from . import company_fields as fields
from .company_fields import claimed_name, email_domain  # noqa: F401  (the contacts' rule)

# -- commands -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateCompany(Command):
    """Create a company from Freshdesk's fields; `name` is required."""

    fields: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class UpdateCompany(Command):
    """Change the fields sent; the others keep their values (custom fields one by one)."""

    company_id: int
    changes: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DeleteCompany(Command):
    """Delete the company for good; its name and domains are free again."""

    company_id: int


# -- events ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class CompanyEvent(DomainEvent):
    """The family of events a company stream holds."""


@dataclass(frozen=True)
class CompanyCreated(CompanyEvent):
    TYPE: ClassVar[str] = "CompanyCreated"

    company_id: int
    name: str
    description: str | None = None
    domains: list[str] = field(default_factory=list)
    note: str | None = None
    health_score: str | None = None
    account_tier: str | None = None
    renewal_date: str | None = None
    industry: str | None = None
    custom_fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CompanyUpdated(CompanyEvent):
    """Fields of the company changed; `changes` holds each one's new value."""

    TYPE: ClassVar[str] = "CompanyUpdated"

    changes: dict[str, Any]


@dataclass(frozen=True)
class CompanyDeleted(CompanyEvent):
    TYPE: ClassVar[str] = "CompanyDeleted"


@dataclass(frozen=True)
class CompanyNameClaimed(DomainEvent):
    """A company name (in its claimed form) now belongs to this company."""

    TYPE: ClassVar[str] = "CompanyNameClaimed"

    name: str
    company_id: int


@dataclass(frozen=True)
class CompanyDomainClaimed(DomainEvent):
    """A domain now belongs to this company (contacts with addresses there join it)."""

    TYPE: ClassVar[str] = "CompanyDomainClaimed"

    domain: str
    company_id: int


# -- state ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class CompanyState:
    exists: bool = False
    deleted: bool = False
    id: int | None = None
    name: str | None = None
    description: str | None = None
    domains: tuple[str, ...] = ()
    note: str | None = None
    health_score: str | None = None
    account_tier: str | None = None
    renewal_date: str | None = None
    industry: str | None = None
    custom_fields: Mapping[str, Any] = field(default_factory=dict)
    created_at: str | None = None
    updated_at: str | None = None

    @property
    def live(self) -> bool:
        """Whether the company exists and was not deleted."""
        return self.exists and not self.deleted


def evolve_company(state: CompanyState, event: CompanyEvent) -> CompanyState:
    return replace(_apply(event, state), updated_at=event.at)


@singledispatch
def _apply(event: CompanyEvent, state: CompanyState) -> CompanyState:
    raise TypeError(f"A company cannot fold {type(event).__name__}")


def _values(data: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in data.items() if k not in ("company_id", "at", "actor_id")}
    if "domains" in out:
        out["domains"] = tuple(out["domains"])
    return out


@_apply.register
def _created(event: CompanyCreated, state: CompanyState) -> CompanyState:
    return replace(state, exists=True, id=event.company_id, created_at=event.at,
                   **_values(event.to_data()))


@_apply.register
def _updated(event: CompanyUpdated, state: CompanyState) -> CompanyState:
    return replace(state, **_values(event.changes))


@_apply.register
def _deleted(event: CompanyDeleted, state: CompanyState) -> CompanyState:
    return replace(state, deleted=True)


COMPANY = Aggregate("company", CompanyState(), evolve_company, CompanyEvent)
COMPANY_NAME = unique_claim("company-name", CompanyNameClaimed, owner="company_id")
COMPANY_DOMAIN = unique_claim("company-domain", CompanyDomainClaimed, owner="company_id")


# -- decide ---------------------------------------------------------------------------------

class CompanyNotFound(NotFound):
    def __init__(self, company_id: int | None) -> None:
        self.company_id = company_id
        super().__init__(f"Company {company_id} not found")


class DuplicateCompany(AlreadyExists):
    """Another company already has this name or one of these domains."""

    def __init__(self, field_name: str, owner: int, message: str | None = None) -> None:
        self.field = field_name
        self.additional_info = {"company_id": owner}
        super().__init__(message)


def decide_company(state: CompanyState, command: Any, ctx: DecisionContext
                   ) -> list[CompanyEvent]:
    """Return the events `command` produces on the company in `state`.

    `ctx.refs` holds `name_owner`, the company holding the claim on the name the command
    gives (None: nobody, or no new name), and `domain_owners`, the holder of each domain it
    gives (None: nobody). A create decides under the pre-allocated `ctx.ids["company"]`.
    """
    return _decide(command, state, ctx)


@singledispatch
def _decide(command: Any, state: CompanyState, ctx: DecisionContext) -> list[CompanyEvent]:
    raise TypeError(f"No company decision for {type(command).__name__}")


def claim_keys(sent: Mapping[str, Any]) -> tuple[str | None, list[str]]:
    """Return the claimed form of the name and the domains that `sent` gives, for the handler
    to look their owners up; a value that fails its check gives none (decide refuses it), so
    only valid values ever name a claim stream."""
    try:
        checked = fields.company_fields({k: sent[k] for k in ("name", "domains") if k in sent})
    except ValidationFailed:
        return None, []
    name = checked.get("name")
    return (None if name is None else claimed_name(name)), list(checked.get("domains", []))


def _refuse_taken(state: CompanyState, name: str | None, domains: list[str],
                  ctx: DecisionContext) -> None:
    owner = ctx.refs.get("name_owner")
    if name is not None and owner is not None and owner != state.id:
        raise DuplicateCompany("name", owner)
    owners: Mapping[str, int | None] = ctx.refs.get("domain_owners", {})
    for domain in domains:
        holder = owners.get(domain)
        if holder is not None and holder != state.id:
            raise DuplicateCompany("domains", holder,
                                   f"The domain {domain} belongs to another company")


@_decide.register
def _create(command: CreateCompany, state: CompanyState, ctx: DecisionContext
            ) -> list[CompanyEvent]:
    if state.exists:
        raise AlreadyExists(f"Company {state.id} already exists")
    values = fields.new_company_fields(command.fields)
    _refuse_taken(state, values["name"], values["domains"], ctx)
    return [CompanyCreated(company_id=ctx.new_id("company"), at=ctx.now, actor_id=ctx.actor_id,
                           **values)]


@_decide.register
def _update(command: UpdateCompany, state: CompanyState, ctx: DecisionContext
            ) -> list[CompanyEvent]:
    if not state.live:
        raise CompanyNotFound(command.company_id)
    new = fields.company_fields(command.changes)
    if "custom_fields" in new:
        new["custom_fields"] = {**state.custom_fields, **new["custom_fields"]}
    changed = {k: v for k, v in new.items() if v != _current(state, k)}
    _refuse_taken(state, changed.get("name"), changed.get("domains", []), ctx)
    if not changed:
        return []
    return [CompanyUpdated(changes=changed, at=ctx.now, actor_id=ctx.actor_id)]


@_decide.register
def _delete(command: DeleteCompany, state: CompanyState, ctx: DecisionContext
            ) -> list[CompanyEvent]:
    if not state.live:
        raise CompanyNotFound(command.company_id)
    return [CompanyDeleted(at=ctx.now, actor_id=ctx.actor_id)]


def _current(state: CompanyState, key: str) -> Any:
    value = getattr(state, key)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Mapping):
        return dict(value)
    return value


# -- contacts join companies ----------------------------------------------------------------

def company_for_email_domain(email: Any, domain_owners: Mapping[str, int | None]
                             ) -> int | None:
    """Return the company a new contact with `email` joins: the one holding its address's
    domain in `domain_owners` (domain → company id, from the domain claims), or None."""
    domain = email_domain(email)
    return None if domain is None else domain_owners.get(domain)


# -- claims ---------------------------------------------------------------------------------

def _held(state: CompanyState) -> tuple[set[str], set[str]]:
    """The names and domains a company in `state` holds claims on."""
    if not state.live:
        return set(), set()
    return {claimed_name(state.name or "")}, set(state.domains)


def claim_events(before: CompanyState, after: CompanyState, ctx: DecisionContext
                 ) -> list[tuple[Aggregate, str, DomainEvent]]:
    """Return what the claim streams take when a company goes from `before` to `after`:
    (claim aggregate, key, event) for every name and domain taken up or given up."""
    stamp = {"at": ctx.now, "actor_id": ctx.actor_id}
    names_before, domains_before = _held(before)
    names_after, domains_after = _held(after)
    out: list[tuple[Aggregate, str, DomainEvent]] = []
    for key in sorted(names_before - names_after):
        out.append((COMPANY_NAME, key, ClaimReleased(**stamp)))
    for key in sorted(domains_before - domains_after):
        out.append((COMPANY_DOMAIN, key, ClaimReleased(**stamp)))
    for key in sorted(names_after - names_before):
        out.append((COMPANY_NAME, key, CompanyNameClaimed(name=key, company_id=after.id,
                                                          **stamp)))
    for key in sorted(domains_after - domains_before):
        out.append((COMPANY_DOMAIN, key, CompanyDomainClaimed(domain=key, company_id=after.id,
                                                              **stamp)))
    return out
