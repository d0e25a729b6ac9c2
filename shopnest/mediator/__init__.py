"""The mediator: the one way into the write side (commands) and the read side (queries)."""

from shopnest.mediator.context import SYSTEM, MessageContext
from shopnest.mediator.mediator import Mediator
from shopnest.mediator.results import CommandResult, Decision

__all__ = ["SYSTEM", "CommandResult", "Decision", "Mediator", "MessageContext", "mediator"]

mediator = Mediator()
