"""The compiled encoders of states (data.fields_encoder) give what the generic conversion
gives, value for value, for any state the domain can hold; decoding gives the state back."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from shopnest.domain.data import fields_encoder, from_data
from tickets.domain.state import ConversationState, TicketState, TicketStats


def _generic(value: Any) -> Any:
    """The JSON data of a state, by walking its values (the reference, compiled nowhere)."""
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _generic(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {str(k): _generic(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_generic(v) for v in value]
    return value


text = st.text(max_size=8)
maybe_text = st.none() | text
texts = st.lists(text, max_size=3).map(tuple)
json_values = st.recursive(st.none() | st.booleans() | st.integers() | text,
                           lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(text, inner, max_size=3), max_leaves=6)
stats = st.builds(TicketStats, **{f.name: maybe_text for f in fields(TicketStats)})
conversations = st.builds(
    ConversationState, id=st.integers(1, 10**12), kind=st.sampled_from(["reply", "note"]),
    private=st.booleans(), incoming=st.booleans(), user_id=st.none() | st.integers(),
    body=text, body_text=text, created_at=text, updated_at=text, from_email=maybe_text,
    to_emails=texts, cc_emails=texts, bcc_emails=texts, notify_emails=texts,
    last_edited_at=maybe_text, last_edited_user_id=st.none() | st.integers(),
    deleted=st.booleans())
tickets = st.builds(
    TicketState, exists=st.booleans(), id=st.none() | st.integers(), subject=maybe_text,
    description=maybe_text, status=st.none() | st.integers(2, 7), tags=texts,
    requester_id=st.none() | st.integers(), cc_emails=texts,
    custom_fields=st.dictionaries(text, json_values, max_size=3),
    watcher_ids=st.lists(st.integers(), max_size=3).map(tuple), stats=stats,
    conversations=st.lists(conversations, max_size=3).map(lambda cs: {c.id: c for c in cs}))


def _encoder(cls):
    return fields_encoder(cls, tuple(f.name for f in fields(cls)))


@given(tickets)
def test_a_ticket_encodes_as_the_generic_conversion_does_and_decodes_back(ticket):
    data = _encoder(TicketState)(ticket)

    assert data == _generic(ticket)
    assert [type(data[name]) for name in ("tags", "cc_emails", "watcher_ids")] == [list] * 3
    assert from_data(TicketState, data) == ticket


@given(conversations)
def test_a_conversation_encodes_as_the_generic_conversion_does(conversation):
    assert _encoder(ConversationState)(conversation) == _generic(conversation)


def test_an_encoder_of_some_fields_gives_only_those():
    ticket = TicketState(subject="Parcel", tags=("late",))

    assert fields_encoder(TicketState, ("subject", "tags"))(ticket) == {
        "subject": "Parcel", "tags": ["late"]}
