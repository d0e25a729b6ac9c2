"""Values the store could never hold, or a projection never write, are refused up front."""

from __future__ import annotations

import pytest

from tickets.domain.commands import AddNote, AddReply, CreateTicket, UpdateTicket
from tickets.domain.decide import decide
from tickets.domain.errors import ValidationFailed
from tickets.domain.state import EMPTY_TICKET

from .ticket_builders import TICKET_ID, a_ticket, field_errors, when

BIGINT_MAX = 2**63 - 1


def _create(**fields):
    return decide(EMPTY_TICKET, CreateTicket(ticket_id=5, requester_id=9, **fields), "2024-05-01T09:00:00Z")


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
    for command in (AddReply(ticket_id=TICKET_ID, conversation_id=50, body="Hi", user_id=user_id),
                    AddNote(ticket_id=TICKET_ID, conversation_id=51, body="Hi", user_id=user_id)):
        with pytest.raises(ValidationFailed) as failed:
            when(a_ticket(), command)
        assert "user_id" in field_errors(failed.value)


@pytest.mark.parametrize("field", ["private", "incoming"])
@pytest.mark.parametrize("value", ["perhaps", 1, [1], {"x": 1}])
def test_note_flags_must_be_real_booleans(field, value):
    command = AddNote(ticket_id=TICKET_ID, conversation_id=52, body="Hi", user_id=7, **{field: value})
    with pytest.raises(ValidationFailed) as failed:
        when(a_ticket(), command)
    assert field in field_errors(failed.value)
