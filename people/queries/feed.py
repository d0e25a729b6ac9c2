"""People's streams in the change feed (shopnest/feed/visibility.py): who sees which.

The same callers as the endpoints of each resource: contacts and companies are any agent's
to read (GET /contacts, /companies), agents and groups an admin's (GET /agents, /groups).
A customer sees none of them. Agents' secrets never leave: their key and password hashes
are taken out of the events that carry them. Claim streams (addresses, names, domains, key
hashes) and customer-key streams are not registered, so the feed never shows them.

An erased contact's events are still there, read as the store reads them: every sealed
field as its placeholder (docs/erasure.md), so a consumer learns of the erasure
(ContactErased) without learning what was erased.
"""

from __future__ import annotations

from collections.abc import Sequence

from people.domain.agents import AGENT
from people.domain.companies import COMPANY
from people.domain.contacts import CONTACT
from people.domain.groups import GROUP
from people.queries.access import agent_access
from shopnest.eventstore.records import RecordedEvent
from shopnest.feed.visibility import SHOW_ALL, Show, StreamViewer, Verdict, without
from shopnest.mediator.context import MessageContext

# Hashes of agents' secrets (AgentRegistered, AgentKeyRotated, AgentPasswordChanged).
AGENT_SECRETS = ("api_key_hash", "password_hash")


def _is_system(ctx: MessageContext) -> bool:
    return ctx.actor_id is None or ctx.actor_type == "system"


def _active_agent(ctx: MessageContext, *, admin: bool) -> bool:
    if _is_system(ctx):
        return True
    if ctx.actor_type != "agent":
        return False
    access = agent_access(ctx.actor_id)
    return access.active and (access.is_admin or not admin)


class AgentsRead:
    """Any active agent sees every event (contacts, companies)."""

    def viewer(self, ctx: MessageContext) -> StreamViewer | None:
        return SHOW_ALL if _active_agent(ctx, admin=False) else None


class AdminsRead:
    """Only admins see these events (groups)."""

    def viewer(self, ctx: MessageContext) -> StreamViewer | None:
        return SHOW_ALL if _active_agent(ctx, admin=True) else None


class AgentsFeed(AdminsRead):
    """Admins see agents' events, without their secrets."""

    def viewer(self, ctx: MessageContext) -> StreamViewer | None:
        return WITHOUT_SECRETS if super().viewer(ctx) is not None else None


class WithoutSecrets:
    def judge(self, records: Sequence[RecordedEvent]) -> list[Verdict]:
        return [Show(without(record.data, AGENT_SECRETS)) for record in records]


WITHOUT_SECRETS = WithoutSecrets()

FEEDS = {
    CONTACT.stream_type: AgentsRead(),
    COMPANY.stream_type: AgentsRead(),
    AGENT.stream_type: AgentsFeed(),
    GROUP.stream_type: AdminsRead(),
}
