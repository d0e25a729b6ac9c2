"""The ticket aggregate: its streams (`ticket-<id>`), events, initial state and evolve."""

from __future__ import annotations

from shopnest.domain.aggregate import Aggregate

from .events import TicketEvent
from .evolve import evolve
from .state import EMPTY_TICKET, TicketState

TICKET: Aggregate[TicketState, int] = Aggregate("ticket", EMPTY_TICKET, evolve, TicketEvent)
