"""The accounts projection: agent streams → Django users (auth_user) and agent profiles.

Both rows together hold the agent's whole state (decoded back for the next fold). The user
row's username is `agent:<id>`: unique by construction, and a form that Django's username
validator never lets anyone make, so a user created some other way can never clash with it.
Agents sign in with their e-mail address (people/backends.py).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from people.domain import roles
from people.domain.agents import AGENT, AgentState
from people.models import AgentProfile
from shopnest.domain.data import to_data
from shopnest.eventstore.streams import Stream
from shopnest.projections.aggregate import AggregateProjection, Change
from shopnest.projections.upsert import bulk_upsert
from shopnest.timestamps import format_datetime

# An agent without a usable password signs in to the admin only after one is set.
UNUSABLE_PASSWORD = "!"


def username_of(agent_id: int) -> str:
    return f"agent:{agent_id}"


def user_row(agent: Stream[AgentState]) -> dict:
    state = agent.state
    first, _, last = state.name.partition(" ")
    return {"id": agent.key, "password": state.password_hash or UNUSABLE_PASSWORD,
            "is_superuser": state.is_admin, "username": username_of(agent.key),
            "first_name": first, "last_name": last, "email": state.email, "is_staff": True,
            "is_active": state.active, "date_joined": state.created_at, "last_login": state.last_login_at}


# The agent's fields the profile row holds as they are (the rest live in the user row).
PROFILE_COLUMNS = ("api_key_hash", "is_admin", "created_at", "updated_at", "ticket_scope",
                   "group_ids", "role_ids", "occasional", "signature", "phone", "mobile",
                   "job_title", "language", "time_zone", "active", "available",
                   "available_since")
_TIMES = ("created_at", "updated_at", "available_since")


def profile_row(agent: Stream[AgentState]) -> dict:
    data = to_data(agent.state)
    return {"user_id": agent.key, "version": agent.version,
            **{name: data[name] for name in PROFILE_COLUMNS}}


def agent_stream(user: dict, profile: dict) -> Stream[AgentState]:
    name = f"{user['first_name']} {user['last_name']}" if user["last_name"] else user["first_name"]
    password = user["password"]
    fields = {name: format_datetime(profile[name]) if name in _TIMES else profile[name]
              for name in PROFILE_COLUMNS}
    # Rows written before roles hold none: their roles are those of their admin flag.
    role_ids = tuple(profile["role_ids"]) or roles.default_roles(profile["is_admin"])
    state = AgentState(**{
        **fields, "exists": True, "id": user["id"], "email": user["email"], "name": name,
        "password_hash": None if password == UNUSABLE_PASSWORD else password,
        "last_login_at": format_datetime(user["last_login"]),
        "group_ids": tuple(profile["group_ids"]), "role_ids": role_ids})
    return Stream(AGENT, user["id"], state, profile["version"])


class AccountsProjection(AggregateProjection):
    name = "accounts"
    aggregate = AGENT
    tables = ("auth_user", AgentProfile._meta.db_table)

    def stored_versions(self, keys):
        return dict(AgentProfile.objects.filter(user_id__in=keys).values_list("user_id", "version"))

    def load(self, keys):
        users = {u["id"]: u for u in get_user_model().objects.filter(id__in=keys).values()}
        return {p["user_id"]: agent_stream(users[p["user_id"]], p)
                for p in AgentProfile.objects.filter(user_id__in=keys).values()
                if p["user_id"] in users}

    def save(self, changes: list[Change]) -> None:
        agents = [after for _, after in changes]
        # The user row has no version of its own: it moves with the profile, whose fold moved.
        bulk_upsert("auth_user", [user_row(a) for a in agents], key=("id",), version_column=None)
        bulk_upsert(AgentProfile._meta.db_table, [profile_row(a) for a in agents],
                    key=("user_id",))
