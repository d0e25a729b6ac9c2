"""Who watches a ticket: given a ticket, when an agent watches or unwatches, then events."""

import pytest

from people.domain.agents import AgentState
from shopnest.domain.aggregate import DecisionContext
from shopnest.domain.errors import NotAllowed, ValidationFailed
from tickets.domain.aggregate import TICKET
from tickets.domain.commands import UnwatchTicket, WatchTicket
from tickets.domain.decide import decide
from tickets.domain.events import TicketDeleted, WatcherAdded, WatcherRemoved

from .ticket_builders import AGENT_ID, TICKET_ID, a_ticket, at

COLLEAGUE = AgentState(exists=True, id=8, email="bo@shopnest.example", name="Bo")


def ctx(watcher=COLLEAGUE, actor=AGENT_ID):
    return DecisionContext(now=at(5), actor_id=actor, refs={"watcher": watcher})


def test_an_agent_starts_watching():
    [event] = decide(a_ticket(), WatchTicket(ticket_id=TICKET_ID, user_id=8), ctx())

    assert event == WatcherAdded(user_id=8, at=at(5), actor_id=AGENT_ID)
    assert TICKET.fold([event], a_ticket()).watcher_ids == (8,)


def test_the_sender_is_meant_when_no_user_is_named():
    me = AgentState(exists=True, id=AGENT_ID, email="me@shopnest.example", name="Me")

    [event] = decide(a_ticket(), WatchTicket(ticket_id=TICKET_ID), ctx(watcher=me))

    assert event.user_id == AGENT_ID


def test_watching_again_and_unwatching_when_not_watching_decide_nothing():
    watched = a_ticket(WatcherAdded(user_id=8, at=at(1)))

    assert decide(watched, WatchTicket(ticket_id=TICKET_ID, user_id=8), ctx()) == []
    assert decide(a_ticket(), UnwatchTicket(ticket_id=TICKET_ID, user_id=8), ctx()) == []


def test_a_watcher_who_is_no_agent_any_more_can_still_be_taken_off():
    watched = a_ticket(WatcherAdded(user_id=8, at=at(1)))

    [event] = decide(watched, UnwatchTicket(ticket_id=TICKET_ID, user_id=8), ctx(watcher=None))

    assert event == WatcherRemoved(user_id=8, at=at(5), actor_id=AGENT_ID)
    assert TICKET.fold([event], watched).watcher_ids == ()


@pytest.mark.parametrize("user_id", [None, "8", 0, 2**63])
def test_only_an_agent_of_the_desk_may_watch(user_id):
    with pytest.raises(ValidationFailed) as refused:
        decide(a_ticket(), WatchTicket(ticket_id=TICKET_ID, user_id=user_id),
               ctx(watcher=None, actor=None))

    assert [e.field for e in refused.value.errors] == ["user_id"]


def test_a_deleted_ticket_cannot_be_watched():
    with pytest.raises(NotAllowed):
        decide(a_ticket(TicketDeleted(at=at(1))), WatchTicket(ticket_id=TICKET_ID, user_id=8),
               ctx())
