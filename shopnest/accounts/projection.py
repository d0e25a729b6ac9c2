"""The accounts projection: agent streams → Django users and agent profiles."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from shopnest.accounts.messages import AgentRegistered
from shopnest.eventstore.records import RecordedEvent
from shopnest.projections.base import Projection

# An agent without a usable password signs in to the admin only after one is set.
UNUSABLE_PASSWORD = "!"


class AccountsProjection(Projection):
    name = "accounts"
    event_types = (AgentRegistered.TYPE,)
    tables = ("auth_user", "shopnest_agent")

    def apply(self, events: Sequence[RecordedEvent]) -> None:
        with connection.cursor() as cursor:
            for event in events:
                data = event.data
                first, _, last = data["name"].partition(" ")
                cursor.execute(
                    "INSERT INTO auth_user (id, password, is_superuser, username, first_name, "
                    "last_name, email, is_staff, is_active, date_joined) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, true, true, %s) "
                    "ON CONFLICT (id) DO NOTHING",
                    [data["agent_id"], data["password_hash"] or UNUSABLE_PASSWORD,
                     data["is_admin"], data["email"], first[:150], last[:150], data["email"],
                     data["at"]],
                )
                cursor.execute(
                    "INSERT INTO shopnest_agent (user_id, version, api_key_hash, is_admin, "
                    "created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s) "
                    "ON CONFLICT (user_id) DO UPDATE SET version = EXCLUDED.version, "
                    "api_key_hash = EXCLUDED.api_key_hash, is_admin = EXCLUDED.is_admin, "
                    "updated_at = EXCLUDED.updated_at "
                    "WHERE shopnest_agent.version < EXCLUDED.version",
                    [data["agent_id"], event.version, data["api_key_hash"], data["is_admin"],
                     data["at"], data["at"]],
                )
