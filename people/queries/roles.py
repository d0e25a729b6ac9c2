"""Role queries, answered from the roles catalogue (a fixed list in the domain, no table)."""

from __future__ import annotations

from dataclasses import dataclass

from people.domain import roles
from shopnest.mediator import MessageContext
from shopnest.messages import Query


@dataclass(frozen=True)
class ListRoles(Query):
    pass


@dataclass(frozen=True)
class GetRole(Query):
    role_id: int


def list_roles(query: ListRoles, ctx: MessageContext) -> tuple[roles.Role, ...]:
    return roles.ROLES


def get_role(query: GetRole, ctx: MessageContext) -> roles.Role | None:
    return roles.role(query.role_id)
