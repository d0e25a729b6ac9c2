"""Which account an e-mail address names, and the command that gives it a new API key.

`manage.py issue_api_key` tries each lookup in KEY_LOOKUPS in turn; the first that knows the
address answers with the command to send. Another kind of account (contacts, for the customer
portal) adds its own lookup here; the management command does not change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from people.domain.agent_changes import RotateAgentKey
from people.domain.agents import normalise_email
from people.models import AgentProfile
from shopnest.messages import Command


@dataclass(frozen=True)
class KeyIssue:
    """The command that sets the key, and how to name the account to the operator."""

    command: Command
    account: str  # e.g. "agent 17"


KeyLookup = Callable[[str, str], "KeyIssue | None"]


def agent_key(email: str, key: str) -> KeyIssue | None:
    """An active agent with this address gets RotateAgentKey."""
    agent_id = (AgentProfile.objects.filter(user__email=normalise_email(email), active=True)
                .values_list("user_id", flat=True).first())
    if agent_id is None:
        return None
    return KeyIssue(RotateAgentKey(agent_id=agent_id, api_key=key), f"agent {agent_id}")


KEY_LOOKUPS: list[KeyLookup] = [agent_key]


def key_issue(email: str, key: str) -> KeyIssue | None:
    """Return the first lookup's answer for the address (None: no account has it)."""
    for lookup in KEY_LOOKUPS:
        found = lookup(email, key)
        if found is not None:
            return found
    return None
