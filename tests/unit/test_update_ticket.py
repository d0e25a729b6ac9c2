"""Updating a ticket: only real changes become events, each kind of change its own event."""

import pytest

from tickets.domain.commands import UpdateTicket
from tickets.domain.errors import ValidationFailed
from tickets.domain.events import (
    TicketAssigned,
    TicketGroupChanged,
    TicketPriorityChanged,
    TicketPropertiesChanged,
    TicketRequesterChanged,
    TicketStatusChanged,
)
from tickets.domain.state import Requester
from tickets.domain.validation import TICKET_FIELDS, UPDATABLE_FIELDS

from . import ticket_builders
from .ticket_builders import (
    AGENT_ID,
    TICKET_ID,
    a_ticket,
    a_ticket_stream,
    at,
    field_errors,
    then_state,
)


def update(**changes):
    return UpdateTicket(ticket_id=TICKET_ID, changes=changes)


def when(state, command, minutes=60, **context):
    """Every update here is sent by the agent."""
    return ticket_builders.when(state, command, minutes, actor=AGENT_ID, **context)


def test_plain_fields_change_in_one_properties_event():
    state = a_ticket(tags=["vip"])

    events = when(state, update(subject="Blender smokes", type="Incident", tags=["vip", "urgent"]))

    assert events == [
        TicketPropertiesChanged(
            changes={"subject": "Blender smokes", "type": "Incident", "tags": ["vip", "urgent"]},
            at=at(60),
            actor_id=AGENT_ID,
        )
    ]


def test_status_priority_responder_and_group_each_have_their_own_event():
    events = when(a_ticket(), update(status=3, priority=2, responder_id=AGENT_ID, group_id=4))

    assert events == [
        TicketStatusChanged(status=3, previous_status=2, at=at(60), actor_id=AGENT_ID),
        TicketPriorityChanged(priority=2, at=at(60), actor_id=AGENT_ID),
        TicketAssigned(responder_id=AGENT_ID, at=at(60), actor_id=AGENT_ID),
        TicketGroupChanged(group_id=4, at=at(60), actor_id=AGENT_ID),
    ]


def test_an_update_that_sends_the_current_values_changes_nothing():
    state = a_ticket(tags=["vip"], custom_fields={"cf_a": 1}, group_id=4)

    events = when(
        state,
        update(
            subject=state.subject, status=2, priority=1, tags=["vip"], group_id=4, custom_fields={}
        ),
    )

    assert events == []


def test_only_the_fields_that_differ_are_recorded():
    events = when(a_ticket(), update(subject="Where is my order?", type="Question", status=2))

    assert events == [
        TicketPropertiesChanged(changes={"type": "Question"}, at=at(60), actor_id=AGENT_ID)
    ]


def test_custom_fields_sent_are_merged_into_the_current_ones():
    state = a_ticket(custom_fields={"cf_order": "1001", "cf_reason": "late"})

    [event] = when(state, update(custom_fields={"cf_reason": "damaged", "cf_refund": True}))

    assert event.changes == {
        "custom_fields": {"cf_order": "1001", "cf_reason": "damaged", "cf_refund": True}
    }
    assert then_state(state, [event]).custom_fields == event.changes["custom_fields"]


def test_custom_fields_sent_with_their_current_values_change_nothing():
    state = a_ticket(custom_fields={"cf_order": "1001", "cf_reason": "late"})

    assert when(state, update(custom_fields={"cf_reason": "late"})) == []


def test_unassigning_a_ticket_assigns_it_to_nobody():
    state = a_ticket(responder_id=AGENT_ID)

    events = when(state, update(responder_id=None))

    assert events == [TicketAssigned(responder_id=None, at=at(60), actor_id=AGENT_ID)]
    assert then_state(state, events).responder_id is None


def test_a_new_requester_does_not_inherit_the_old_requesters_address():
    [event] = when(a_ticket(), update(requester_id=200), requester=Requester(200, email=None))

    assert event == TicketRequesterChanged(requester_id=200, requester_email=None, at=at(60),
                                           actor_id=AGENT_ID)
    assert event.person_of() == "contact:200"


def test_a_new_requester_comes_with_the_address_the_application_resolved():
    state = a_ticket()

    events = when(state, update(requester_id=200),
                  requester=Requester(200, email="new@example.com"))

    after = then_state(state, events)
    assert (after.requester_id, after.requester_email) == (200, "new@example.com")


def test_a_field_that_cannot_be_updated_is_an_invalid_field():
    with pytest.raises(ValidationFailed) as failed:
        when(a_ticket(), update(subject="ok", spam=True, id=4))

    assert field_errors(failed.value) == {"spam": "invalid_field", "id": "invalid_field"}
    assert failed.value.errors[0].message == "Unexpected/invalid field in request"


def test_every_invalid_value_in_an_update_is_reported_at_once():
    with pytest.raises(ValidationFailed) as failed:
        when(a_ticket(), update(status=1, priority=5, source=0, tags=[None], custom_fields="x"))

    assert field_errors(failed.value) == {
        "status": "invalid_value",
        "priority": "invalid_value",
        "source": "invalid_value",
        "tags": "datatype_mismatch",
        "custom_fields": "datatype_mismatch",
    }


def test_an_update_may_change_every_updatable_field():
    # Every client field of a ticket, and its requester (found by the handler, by id).
    assert UPDATABLE_FIELDS == set(TICKET_FIELDS) | {"requester_id"}


def test_changed_properties_fold_into_the_state():
    ticket = a_ticket_stream()
    state = ticket.state
    changes = {
        "subject": "New subject",
        "description": "<div>New</div>",
        "tags": ["a", "b"],
        "cc_emails": ["cc@example.com"],
        "due_by": at(500),
        "fr_due_by": at(100),
        "company_id": 5,
        "product_id": 6,
        "email_config_id": 7,
        "source": 3,
    }

    ticket = ticket.then(when(state, update(**changes)))
    after = ticket.state

    assert after.tags == ("a", "b")
    assert after.cc_emails == ("cc@example.com",)
    assert (after.subject, after.description, after.source) == ("New subject", "<div>New</div>", 3)
    assert (after.due_by, after.fr_due_by) == (at(500), at(100))
    assert (after.company_id, after.product_id, after.email_config_id) == (5, 6, 7)
    assert ticket.version == 2


def test_update_keeps_being_retried_on_conflict_like_any_command():
    assert UpdateTicket.retry_on_conflict is True


def test_a_responder_the_handler_found_no_agent_for_is_refused():
    with pytest.raises(ValidationFailed) as refused:
        when(a_ticket(), update(responder_id=4242), agents={"responder_id": None})

    assert field_errors(refused.value) == {"responder_id": "invalid_value"}


def test_unassigning_needs_no_agent():
    assert when(a_ticket(responder_id=AGENT_ID), update(responder_id=None), agents={})
