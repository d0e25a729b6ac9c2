"""Creating a ticket: defaults, validation, and the Freshdesk JSON it folds into."""

import pytest

from shopnest.api.errors import http_status_of
from shopnest.domain.errors import AlreadyExists, NotFound
from shopnest.eventstore.streams import Stream
from tickets.api.representation import ticket_json
from tickets.domain.aggregate import TICKET
from tickets.domain.commands import (
    AddNote,
    AddReply,
    CreateTicket,
    DeleteConversation,
    DeleteTicket,
    EditNote,
    MarkSpam,
    RestoreTicket,
    UnmarkSpam,
    UpdateTicket,
)
from tickets.domain.errors import TicketAlreadyExists, TicketNotFound, ValidationFailed
from tickets.domain.events import TicketCreated
from tickets.domain.state import EMPTY_TICKET
from tickets.handlers.requesters import for_new_ticket

from .ticket_builders import (
    AGENT_ID,
    COMPANY_REQUESTER,
    REQUESTER_EMAIL,
    REQUESTER_ID,
    TICKET_ID,
    a_ticket,
    at,
    field_errors,
    when,
)


def create(**fields):
    """A CreateTicket naming the builders' requester; `when` finds them as THE_REQUESTER."""
    return CreateTicket(fields={"requester_id": REQUESTER_ID, **fields})


def rejected_fields(**fields):
    with pytest.raises(ValidationFailed) as failed:
        when(EMPTY_TICKET, create(**fields), 0)
    assert http_status_of(failed.value) == 400
    return failed.value


def test_a_new_ticket_takes_freshdesk_defaults():
    [event] = when(EMPTY_TICKET, create(), 0)

    assert event == TicketCreated(
        ticket_id=TICKET_ID,
        requester_id=REQUESTER_ID,
        requester_email=REQUESTER_EMAIL,
        subject=None,
        description=None,
        status=2,
        priority=1,
        source=2,
        type=None,
        tags=[],
        cc_emails=[],
        custom_fields={},
        at=at(0),
    )


def test_a_new_ticket_records_every_field_it_was_given_and_who_created_it():
    command = create(
        subject="Broken blender",
        description="<p>It smokes</p>",
        status=3,
        priority=4,
        source=1,
        type="Refund",
        tags=("vip", "kitchen"),
        responder_id=AGENT_ID,
        group_id=3,
        company_id=4,
        product_id=5,
        email_config_id=6,
        cc_emails=("boss@example.com",),
        custom_fields={"cf_order": "1001"},
        due_by=at(600),
        fr_due_by=at(60),
    )

    [event] = when(EMPTY_TICKET, command, 0, actor=AGENT_ID, requester=COMPANY_REQUESTER)

    assert event.to_data() == {
        "ticket_id": TICKET_ID,
        "requester_id": REQUESTER_ID,
        "requester_email": REQUESTER_EMAIL,
        "subject": "Broken blender",
        "description": "<p>It smokes</p>",
        "status": 3,
        "priority": 4,
        "source": 1,
        "type": "Refund",
        "tags": ["vip", "kitchen"],
        "responder_id": AGENT_ID,
        "group_id": 3,
        "company_id": 4,
        "product_id": 5,
        "email_config_id": 6,
        "cc_emails": ["boss@example.com"],
        "custom_fields": {"cf_order": "1001"},
        "due_by": at(600),
        "fr_due_by": at(60),
        "at": at(0),
        "actor_id": AGENT_ID,
    }


def test_duplicate_tags_are_kept_once_in_their_first_order():
    [event] = when(EMPTY_TICKET, create(tags=["b", "a", "b", "c", "a"]), 0)

    assert event.tags == ["b", "a", "c"]


def test_creating_a_ticket_that_exists_is_a_conflict():
    with pytest.raises(TicketAlreadyExists) as error:
        when(a_ticket(), create(), 0)

    assert isinstance(error.value, AlreadyExists)
    assert (http_status_of(error.value), error.value.code) == (409, "duplicate_value")


@pytest.mark.parametrize(
    "command",
    [
        UpdateTicket(ticket_id=9, changes={"status": 3}),
        AddReply(ticket_id=9, body="hi", user_id=AGENT_ID),
        AddNote(ticket_id=9, body="hi", user_id=AGENT_ID),
        EditNote(conversation_id=1, body="hi"),
        DeleteConversation(conversation_id=1),
        DeleteTicket(ticket_id=9),
        RestoreTicket(ticket_id=9),
        MarkSpam(ticket_id=9),
        UnmarkSpam(ticket_id=9),
    ],
    ids=lambda command: type(command).__name__,
)
def test_every_command_but_create_needs_an_existing_ticket(command):
    with pytest.raises(TicketNotFound) as error:
        when(EMPTY_TICKET, command)

    assert isinstance(error.value, NotFound)
    assert http_status_of(error.value) == 404
    # EditNote and DeleteConversation name a conversation only (their handler finds the
    # ticket through it), so the error can name the ticket only for the other commands.
    if hasattr(command, "ticket_id"):
        assert error.value.ticket_id == 9


def test_an_unknown_status_is_refused_with_the_allowed_values():
    failed = rejected_fields(status=6)

    [error] = failed.errors
    assert (error.field, error.code) == ("status", "invalid_value")
    assert error.message == "It should be one of these values: '2,3,4,5'"


def test_an_unknown_priority_is_refused_with_the_allowed_values():
    [error] = rejected_fields(priority=0).errors

    assert error.message == "It should be one of these values: '1,2,3,4'"


def test_an_unknown_source_is_refused_with_the_freshdesk_ticket_sources():
    [error] = rejected_fields(source=13).errors

    assert error.field == "source"
    assert error.message == "It should be one of these values: '1,2,3,4,5,6,7,8,9,10,11,12'"


@pytest.mark.parametrize("status", [True, "2", 2.0, None])
def test_a_status_that_is_not_an_integer_is_refused(status):
    assert field_errors(rejected_fields(status=status)) == {"status": "invalid_value"}


def test_every_bad_field_is_reported_at_once():
    failed = rejected_fields(status=9, priority=9, subject="x" * 256, tags=[""])

    assert field_errors(failed) == {
        "status": "invalid_value",
        "priority": "invalid_value",
        "subject": "invalid_value",
        "tags": "invalid_value",
    }
    assert failed.message == "Validation failed"


def test_a_subject_may_have_255_characters_but_not_more():
    [event] = when(EMPTY_TICKET, create(subject="x" * 255), 0)
    assert len(event.subject) == 255

    [error] = rejected_fields(subject="x" * 256).errors
    assert error.message == "Has 256 characters, it can have maximum of 255 characters"


@pytest.mark.parametrize(
    ("tags", "code"),
    [
        ([""], "invalid_value"),
        (["  "], "invalid_value"),
        (["x" * 256], "invalid_value"),
        ([3], "datatype_mismatch"),
        ("vip", "datatype_mismatch"),
    ],
)
def test_tags_must_be_a_list_of_non_blank_strings_of_at_most_255_characters(tags, code):
    assert field_errors(rejected_fields(tags=tags)) == {"tags": code}


def test_due_dates_must_be_utc_timestamps():
    failed = rejected_fields(due_by="2024-05-01", fr_due_by="2024-05-01T10:00:00+02:00")

    assert field_errors(failed) == {"due_by": "invalid_value", "fr_due_by": "invalid_value"}


def test_custom_fields_must_be_a_dict():
    assert field_errors(rejected_fields(custom_fields=["cf_a"])) == {
        "custom_fields": "datatype_mismatch"
    }


def test_a_ticket_needs_a_requester():
    # The requester is found (or created) before deciding, so a missing one is refused there:
    # by the requester lookup, which refuses fields naming nobody before it touches the store.
    with pytest.raises(ValidationFailed) as failed:
        for_new_ticket(create(requester_id=None).fields, None)

    assert field_errors(failed.value) == {"requester_id": "missing_field"}
    assert http_status_of(failed.value) == 400


def test_a_ticket_for_a_requester_id_no_contact_has_is_refused():
    with pytest.raises(ValidationFailed) as failed:
        when(EMPTY_TICKET, create(requester_id=404), 0, requester=None)

    assert field_errors(failed.value) == {"requester_id": "invalid_value"}
    assert failed.value.errors[0].message == "There is no contact matching the given requester_id"
    assert http_status_of(failed.value) == 400


def test_a_created_ticket_folds_into_the_freshdesk_ticket_json():
    state = a_ticket(cc_emails=["boss@example.com"], tags=["vip"], custom_fields={"cf_a": None})

    assert ticket_json(state) == {
        "id": TICKET_ID,
        "subject": "Where is my order?",
        "description": "<p>Order <b>#1001</b> has not arrived.</p>",
        "description_text": "Order #1001 has not arrived.",
        "status": 2,
        "priority": 1,
        "source": 2,
        "type": None,
        "tags": ["vip"],
        "requester_id": REQUESTER_ID,
        "responder_id": None,
        "group_id": None,
        "company_id": None,
        "product_id": None,
        "email_config_id": None,
        "cc_emails": ["boss@example.com"],
        "fwd_emails": [],
        "reply_cc_emails": ["boss@example.com"],
        "ticket_cc_emails": ["boss@example.com"],
        "to_emails": None,
        "due_by": None,
        "fr_due_by": None,
        "nr_due_by": None,
        "fr_escalated": False,
        "is_escalated": False,
        "nr_escalated": False,
        "spam": False,
        "deleted": False,
        "urgent": False,
        "association_type": None,
        "custom_fields": {"cf_a": None},
        "attachments": [],
        "created_at": at(0),
        "updated_at": at(0),
    }


def test_an_urgent_priority_marks_the_ticket_urgent():
    assert ticket_json(a_ticket(priority=4))["urgent"] is True


def test_a_ticket_without_description_has_no_description_text():
    assert ticket_json(a_ticket(description=None))["description_text"] is None


def test_a_created_ticket_exists_at_version_one():
    ticket = Stream(TICKET, TICKET_ID, EMPTY_TICKET).then(when(EMPTY_TICKET, create(), 0))
    state = ticket.state

    assert (state.exists, state.id, ticket.version) == (True, TICKET_ID, 1)
    assert state.created_at == state.updated_at == at(0)
    assert state.tags == ()


def test_a_new_ticket_is_for_its_requesters_main_company_unless_told_otherwise():
    [default] = when(EMPTY_TICKET, create(subject="s"), 0, requester=COMPANY_REQUESTER)
    [other] = when(EMPTY_TICKET, create(subject="s", company_id=7), 0, requester=COMPANY_REQUESTER)
    [none] = when(EMPTY_TICKET, create(subject="s"), 0)

    assert (default.company_id, other.company_id, none.company_id) == (4, 7, None)


def test_a_ticket_cannot_be_for_a_company_its_requester_does_not_belong_to():
    with pytest.raises(ValidationFailed) as refused:
        when(EMPTY_TICKET, create(subject="s", company_id=9), 0, requester=COMPANY_REQUESTER)
    assert [(e.field, e.code) for e in refused.value.errors] == [("company_id", "invalid_value")]
    with pytest.raises(ValidationFailed):
        when(EMPTY_TICKET, create(subject="s", company_id=4), 0)
