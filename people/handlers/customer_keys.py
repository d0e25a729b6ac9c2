"""Issuing a customer's API key: load the contact, the key streams and both claim spaces."""

from __future__ import annotations

from people.domain.agents import AGENT_KEY
from people.domain.contacts import CONTACT
from people.domain.customer_keys import (
    CUSTOMER_KEY,
    CUSTOMER_KEY_CLAIM,
    IssueCustomerKey,
    checked_key,
    issue_key,
)
from people.handlers.agents import _unclaimed_key_owner
from shopnest.api.keys import hash_api_key
from shopnest.eventstore import streams
from shopnest.mediator import Decision, MessageContext


def key_result(keys: streams.Stream) -> dict:
    return {"contact_id": keys.state.contact_id, "issued_at": keys.state.issued_at}


def issue_customer_key(command: IssueCustomerKey, ctx: MessageContext) -> Decision:
    key_hash = hash_api_key(checked_key(command))
    keys = streams.load(CUSTOMER_KEY, command.contact_id)
    claim = streams.load(CUSTOMER_KEY_CLAIM, key_hash)
    decided = issue_key(keys.state, command, ctx.decision(refs={
        "contact_exists": streams.load(CONTACT, command.contact_id).state.exists,
        "key_hash": key_hash,
        "key_owner": claim.state,
        "agent_key_owner": streams.load(AGENT_KEY, key_hash).state
                           or _unclaimed_key_owner(key_hash),
    }))
    also = [claim.append([decided.claimed])]
    if decided.released is not None:
        old = streams.load(CUSTOMER_KEY_CLAIM, keys.state.key_hash)
        also.append(old.append([decided.released]))
    return keys.decided([decided.issued], key_result, also=also)
