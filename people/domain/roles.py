"""The roles an agent can hold: Freshdesk's four built-in roles, a fixed catalogue.

Roles are not a stream: this desk has no custom roles, so the catalogue is code, and its ids
never change (1..4, in Freshdesk's order of power). An agent whose roles include the Account
Administrator or the Administrator is an admin (`is_admin`): the one place that rule lives.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# When the catalogue was written; roles are never changed, so this is also their updated_at.
CATALOGUE_SINCE = "2024-01-01T00:00:00Z"


@dataclass(frozen=True)
class Role:
    id: int
    name: str
    description: str
    default: bool = True
    created_at: str = CATALOGUE_SINCE
    updated_at: str = CATALOGUE_SINCE


ACCOUNT_ADMINISTRATOR = Role(1, "Account Administrator",
                             "Has complete control over the help desk and the organisation, "
                             "including access to Account or Billing related information")
ADMINISTRATOR = Role(2, "Administrator",
                     "Can configure all features through the Admin tab, but is restricted "
                     "from viewing Account or Billing related information")
SUPERVISOR = Role(3, "Supervisor",
                  "Can perform all agent related activities and access reports, but cannot "
                  "access or change configurations in the Admin tab")
AGENT = Role(4, "Agent",
             "Can log, view, reply, update and resolve tickets and manage contacts")

ROLES: tuple[Role, ...] = (ACCOUNT_ADMINISTRATOR, ADMINISTRATOR, SUPERVISOR, AGENT)
ROLE_IDS: frozenset[int] = frozenset(role.id for role in ROLES)
ADMIN_ROLE_IDS: frozenset[int] = frozenset({ACCOUNT_ADMINISTRATOR.id, ADMINISTRATOR.id})


def role(role_id: int) -> Role | None:
    """Return the role with this id (None: no such role)."""
    return next((r for r in ROLES if r.id == role_id), None)


def is_admin(role_ids: Iterable[int]) -> bool:
    """Whether roles make an agent an admin (may administer agents, groups, ...)."""
    return any(role_id in ADMIN_ROLE_IDS for role_id in role_ids)


def default_roles(admin: bool) -> tuple[int, ...]:
    """The roles of an agent registered only as admin or not (createagent, old events)."""
    return (ACCOUNT_ADMINISTRATOR.id,) if admin else (AGENT.id,)
