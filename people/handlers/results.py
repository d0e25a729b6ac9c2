"""What agent and group commands answer: the state they produced, as JSON data."""

from __future__ import annotations

from people.domain.agents import AgentState
from shopnest.domain.data import from_data, to_data
from shopnest.eventstore import streams

# Results are stored for idempotent replays: no secret, not even hashed, goes in them.
_SECRETS = ("password_hash", "api_key_hash")


def agent_result(agent: streams.Stream) -> dict:
    state = agent.state
    data = {k: v for k, v in to_data(state).items() if k not in _SECRETS}
    return {"agent_id": state.id, "email": state.email, "name": state.name,
            "is_admin": state.is_admin, "agent": data, "version": agent.version}


def agent_of(result: dict) -> AgentState:
    """The agent state a command's result holds."""
    return from_data(AgentState, result["agent"])
