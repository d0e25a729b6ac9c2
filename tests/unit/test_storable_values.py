"""Values the store could never hold, or a projection never write, are refused up front."""

from __future__ import annotations

import pytest

from shopnest.domain.storable import BIGINT_MAX
from tickets.domain.commands import AddNote, AddReply, CreateTicket, UpdateTicket
from tickets.domain.errors import ValidationFailed
from tickets.domain.state import EMPTY_TICKET, Requester

from .ticket_builders import TICKET_ID, a_ticket, field_errors, when


def _create(**fields):
    return when(EMPTY_TICKET, CreateTicket(fields={"requester_id": 9, **fields}), 0,
                ids={"ticket": 5}, requester=Requester(9, company_ids=(BIGINT_MAX,)))


@pytest.mark.parametrize("field", ["responder_id", "group_id", "company_id", "product_id",
                                   "email_config_id"])
def test_an_id_beyond_bigint_is_refused_but_the_largest_bigint_is_accepted(field):
    with pytest.raises(ValidationFailed) as failed:
        _create(**{field: BIGINT_MAX + 1})
    assert field in field_errors(failed.value)

    assert _create(**{field: BIGINT_MAX})


@pytest.mark.parametrize("fields", [{"subject": "a\x00b"}, {"description": "\x00"},
                                    {"type": "Qu\x00estion"}, {"tags": ["vip\x00"]},
                                    {"custom_fields": {"cf_x": "a\x00"}}])
def test_a_nul_character_in_any_text_is_refused(fields):
    with pytest.raises(ValidationFailed) as failed:
        _create(**fields)
    assert set(fields) <= set(field_errors(failed.value))


@pytest.mark.parametrize("value", [{"nested": 1}, [1, 2], BIGINT_MAX + 1])
def test_a_custom_field_holds_one_storable_scalar(value):
    with pytest.raises(ValidationFailed):
        _create(custom_fields={"cf_x": value})

    assert _create(custom_fields={"cf_text": "x", "cf_n": 3, "cf_ok": True, "cf_unset": None})


def test_cc_emails_must_be_email_addresses():
    with pytest.raises(ValidationFailed) as failed:
        when(a_ticket(), UpdateTicket(ticket_id=TICKET_ID, changes={"cc_emails": ["not-an-email"]}))
    assert "cc_emails" in field_errors(failed.value)


@pytest.mark.parametrize("user_id", ["me", -4, BIGINT_MAX + 1, {"id": 1}])
def test_a_reply_or_note_author_must_be_a_storable_positive_id(user_id):
    for conversation_id, command in ((50, AddReply(ticket_id=TICKET_ID, body="Hi", user_id=user_id)),
                                     (51, AddNote(ticket_id=TICKET_ID, body="Hi", user_id=user_id))):
        with pytest.raises(ValidationFailed) as failed:
            when(a_ticket(), command, ids={"conversation": conversation_id})
        assert "user_id" in field_errors(failed.value)


@pytest.mark.parametrize("field", ["private", "incoming"])
@pytest.mark.parametrize("value", ["perhaps", 1, [1], {"x": 1}])
def test_note_flags_must_be_real_booleans(field, value):
    command = AddNote(ticket_id=TICKET_ID, body="Hi", user_id=7, **{field: value})
    with pytest.raises(ValidationFailed) as failed:
        when(a_ticket(), command, ids={"conversation": 52})
    assert field in field_errors(failed.value)


LONE_SURROGATE = "\ud800"


@pytest.mark.parametrize("fields", [{"subject": f"a{LONE_SURROGATE}"},
                                    {"description": LONE_SURROGATE},
                                    {"type": LONE_SURROGATE}, {"tags": [LONE_SURROGATE]},
                                    {"cc_emails": [f"a{LONE_SURROGATE}@example.com"]},
                                    {"custom_fields": {"cf_x": LONE_SURROGATE}},
                                    {"custom_fields": {LONE_SURROGATE: "x"}}])
def test_a_lone_surrogate_in_any_text_is_refused(fields):
    with pytest.raises(ValidationFailed) as failed:
        _create(**fields)

    [error] = failed.value.errors
    assert error.field in fields
    assert error.message == "It should not contain unpaired surrogate characters"


def test_a_nul_character_in_a_reply_or_note_is_refused():
    for conversation_id, command in ((50, AddReply(ticket_id=TICKET_ID, body="Hi\x00")),
                                     (51, AddNote(ticket_id=TICKET_ID, body="Hi\x00"))):
        with pytest.raises(ValidationFailed) as failed:
            when(a_ticket(), command, ids={"conversation": conversation_id})
        assert field_errors(failed.value) == {"body": "invalid_value"}
        assert failed.value.errors[0].message == "It should not contain the NUL character"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_a_custom_field_number_must_be_finite(value):
    with pytest.raises(ValidationFailed) as failed:
        _create(custom_fields={"cf_x": value})

    assert field_errors(failed.value) == {"custom_fields": "invalid_value"}
    assert failed.value.errors[0].message == "The value of cf_x: It should be a finite number"

    assert _create(custom_fields={"cf_x": 1.5})


@pytest.mark.parametrize("moment", ["2024-02-30T10:00:00Z", "2024-13-01T10:00:00Z",
                                    "0000-01-01T10:00:00Z", "2024-05-01T24:00:00Z"])
@pytest.mark.parametrize("field", ["due_by", "fr_due_by"])
def test_a_due_date_must_be_a_real_moment(field, moment):
    with pytest.raises(ValidationFailed) as failed:
        _create(**{field: moment})

    assert field_errors(failed.value) == {field: "invalid_value"}
    assert failed.value.errors[0].message == "It should be in the 'valid date time' format"

    assert _create(**{field: "2024-02-29T10:00:00Z"})
