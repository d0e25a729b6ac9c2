"""Which account an e-mail address names, and the command that gives it a new API key.

`manage.py issue_api_key` tries each lookup in KEY_LOOKUPS in turn; the first that knows the
address answers with the command to send: agents rotate their key, contacts are issued a
customer key (people/domain/customer_keys.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

from people.domain.agent_changes import RotateAgentKey
from people.domain.agents import normalise_email
from people.domain.customer_keys import IssueCustomerKey
from people.models import AgentProfile, ContactView
from shopnest.messages import Command


@dataclass(frozen=True)
class KeyIssue:
    """The command that sets the key, and how to name the account to the operator."""

    command: Command
    account: str  # e.g. "agent 17"
    # The projections authentication reads this account's key from.
    reads: tuple[str, ...] = ("accounts",)


KeyLookup = Callable[[str, str], "KeyIssue | None"]


def agent_key(email: str, key: str) -> KeyIssue | None:
    """An active agent with this address gets RotateAgentKey."""
    agent_id = (AgentProfile.objects.filter(user__email=normalise_email(email), active=True)
                .values_list("user_id", flat=True).first())
    if agent_id is None:
        return None
    return KeyIssue(RotateAgentKey(agent_id=agent_id, api_key=key), f"agent {agent_id}")


def contact_key(email: str, key: str) -> KeyIssue | None:
    """A contact (not deleted) with this address, main or other, gets a customer key."""
    address = normalise_email(email)
    contact_id = (ContactView.objects.filter(deleted=False)
                  .filter(Q(email=address) | Q(other_emails__contains=[address]))
                  .values_list("id", flat=True).first())
    if contact_id is None:
        return None
    return KeyIssue(IssueCustomerKey(contact_id=contact_id, api_key=key),
                    f"contact {contact_id} (customer)", reads=("customer_keys",))


# Agents first: an address that is both an agent's and a contact's opens the agent.
KEY_LOOKUPS: list[KeyLookup] = [agent_key, contact_key]


def key_issue(email: str, key: str) -> KeyIssue | None:
    """Return the first lookup's answer for the address (None: no account has it)."""
    for lookup in KEY_LOOKUPS:
        found = lookup(email, key)
        if found is not None:
            return found
    return None
