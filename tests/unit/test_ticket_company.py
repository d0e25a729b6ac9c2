"""A ticket's company must be a company of the desk, on create and on update."""

import pytest

from tickets.domain.aggregate import TICKET
from tickets.domain.commands import CreateTicket, UpdateTicket
from tickets.domain.errors import ValidationFailed
from tickets.domain.state import Requester

from .ticket_builders import (
    REQUESTER_ID,
    TICKET_ID,
    a_ticket,
    company,
    field_errors,
    then_state,
    when,
)


def test_a_new_ticket_for_a_company_the_handler_did_not_find_is_refused():
    with pytest.raises(ValidationFailed) as refused:
        when(TICKET.initial, CreateTicket(fields={"subject": "x", "company_id": 9}),
             agents={"company_id": None})

    assert field_errors(refused.value) == {"company_id": "invalid_value"}
    assert refused.value.errors[0].message == "There is no company with this company_id"


def test_a_new_ticket_for_a_company_of_the_desk_holds_its_id():
    events = when(TICKET.initial, CreateTicket(fields={"subject": "x", "company_id": 9}),
                  agents={"company_id": company(9)},
                  requester=Requester(REQUESTER_ID, company_ids=(9,)))

    assert then_state(TICKET.initial, events).company_id == 9


def test_moving_a_ticket_to_an_unknown_company_is_refused_but_keeping_one_is_not():
    ticket = a_ticket(company_id=5)
    with pytest.raises(ValidationFailed) as refused:
        when(ticket, UpdateTicket(ticket_id=TICKET_ID, changes={"company_id": 6}),
             agents={"company_id": None})

    assert field_errors(refused.value) == {"company_id": "invalid_value"}
    # Company 5 may since have been deleted: an update that keeps it is not about it.
    assert when(ticket, UpdateTicket(ticket_id=TICKET_ID, changes={"company_id": 5,
                                                                   "priority": 3}),
                agents={"company_id": None})
    assert when(ticket, UpdateTicket(ticket_id=TICKET_ID, changes={"company_id": None}),
                agents={}) != []


def test_moving_a_ticket_to_a_company_its_requester_is_not_in_is_refused():
    ticket = a_ticket(company_id=5)
    requester = Requester(REQUESTER_ID, company_ids=(5, 6))
    moved = when(ticket, UpdateTicket(ticket_id=TICKET_ID, changes={"company_id": 6}),
                 agents={"company_id": company(6), "current_requester": requester})
    assert then_state(ticket, moved).company_id == 6

    with pytest.raises(ValidationFailed) as refused:
        when(ticket, UpdateTicket(ticket_id=TICKET_ID, changes={"company_id": 8}),
             agents={"company_id": company(8), "current_requester": requester})
    assert field_errors(refused.value) == {"company_id": "invalid_value"}
