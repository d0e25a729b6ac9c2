"""Property: whatever command the mediator accepts, every projection stores, and the rows it
writes are a fresh fold of the stream.

Hypothesis sends ticket commands straight to the mediator (no API parsing in front, as a
worker, a script or e-mail ingestion would). Each command has fields of the right kind and at
most one value from an edge class of its field: NUL and lone surrogates in text, ids beyond
bigint, non-finite and huge numbers, timestamps of the right form that name no moment
(February 30, hour 24), nested data where a scalar belongs. A refusal is a DomainError;
anything else raised is a bug; an accepted command must project without one failed batch,
and its ticket's rows (ticket, conversations, activities) must be a fresh fold.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from shopnest.domain.errors import DomainError
from shopnest.eventstore import streams
from shopnest.mediator import mediator
from shopnest.projections import registry, runner
from shopnest.timestamps import format_datetime
from tests.integration.eventstore.helpers import last_recorded, wait_until_visible
from tests.integration.mediator.tickets import agent
from tests.integration.projections.activities import fresh_activities, stored_activities
from tests.integration.projections.ledger import projection_state
from tests.support.reset import reset_event_store, reset_redis_keys
from tickets.domain.aggregate import TICKET
from tickets.domain.commands import AddNote, AddReply, CreateTicket, EditNote, UpdateTicket
from tickets.models import ConversationView, TicketView
from tickets.projections.rows import conversation_row, ticket_row

# -- values of the right kind ----------------------------------------------------------------
plain_texts = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40)
bodies = plain_texts.filter(str.strip)
emails = st.builds("{}@{}.example".format, st.from_regex(r"[a-z0-9.+]{1,20}", fullmatch=True),
                   st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True))
ids = st.integers(min_value=1, max_value=2**63 - 1)
WRITTEN = "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z".format
moments = st.datetimes().map(lambda d: WRITTEN(d.year, d.month, d.day, d.hour, d.minute,
                                               d.second))
scalars = st.none() | st.booleans() | st.integers(-(2**63) + 1, 2**63 - 1) | plain_texts | \
    st.floats(allow_nan=False, allow_infinity=False)
GOOD = {
    "subject": plain_texts, "description": plain_texts, "type": plain_texts,
    "status": st.sampled_from([2, 3, 4, 5]), "priority": st.sampled_from([1, 2, 3, 4]),
    "source": st.integers(1, 12), "tags": st.lists(bodies, max_size=3),
    "responder_id": ids, "group_id": ids, "company_id": ids, "product_id": ids,
    "email_config_id": ids, "custom_fields": st.dictionaries(bodies, scalars, max_size=3),
    "cc_emails": st.lists(emails, max_size=2), "due_by": moments, "fr_due_by": moments,
}

# -- edge classes --------------------------------------------------------------------------
HOSTILE_CHARACTERS = "\x00\ud800\udbff\udc00\udfff\u202e\ufeff"
# Text around one hostile character (each as likely as the others).
hostile_texts = st.builds("{}{}{}".format, plain_texts, st.sampled_from(HOSTILE_CHARACTERS),
                          plain_texts)
edge_numbers = st.sampled_from([0, -3, 2**63, 2**64, -(2**63) - 1, float("nan"), float("inf"),
                                -float("inf"), 1e308, 1.5, True])
nested = st.recursive(st.none() | edge_numbers | hostile_texts,
                      lambda inner: st.lists(inner, max_size=2)
                      | st.dictionaries(plain_texts, inner, max_size=2), max_leaves=4)
impossible_moments = st.builds(WRITTEN, st.integers(0, 9999), st.integers(0, 13),
                               st.integers(0, 32), st.integers(0, 25), st.integers(0, 61),
                               st.integers(0, 61))
edge_texts = hostile_texts | st.sampled_from(["x" * 255, "x" * 256, "", " "]) | edge_numbers
EDGE = {
    "subject": edge_texts, "description": edge_texts, "type": edge_texts,
    "status": edge_numbers | st.just("2"), "priority": edge_numbers,
    "source": edge_numbers, "tags": st.lists(edge_texts, min_size=1, max_size=2) | nested,
    "responder_id": edge_numbers, "group_id": edge_numbers, "company_id": edge_numbers,
    "product_id": edge_numbers, "email_config_id": edge_numbers,
    "custom_fields": st.dictionaries(hostile_texts | bodies, edge_numbers | hostile_texts
                                     | nested, min_size=1, max_size=2) | nested,
    "cc_emails": st.lists(hostile_texts.map("{}@x.example".format), min_size=1, max_size=2),
    "due_by": impossible_moments | edge_texts, "fr_due_by": impossible_moments | edge_texts,
}


@st.composite
def fields(draw, edge: str | None, *, requester: bool):
    """Fields of the right kind, with the `edge` field's value from its edge class."""
    names = set(draw(st.lists(st.sampled_from(sorted(GOOD)), unique=True, max_size=5)))
    values = {name: draw(GOOD[name]) for name in names - {edge}}
    if edge is not None:
        values[edge] = draw(EDGE[edge])
    if requester:
        values["email"] = draw(emails)
        values["name"] = draw(plain_texts)
    return values


@st.composite
def conversation_commands(draw, ticket_id: int):
    edge = draw(st.sampled_from([None, "body", "user_id", "emails", "flag"]))
    body = draw(hostile_texts | nested if edge == "body" else bodies)
    user_id = draw(edge_numbers | hostile_texts if edge == "user_id" else st.none() | ids)
    addresses = draw(st.lists(hostile_texts.map("{}@x.example".format), min_size=1, max_size=2)
                     if edge == "emails" else st.lists(emails, max_size=2))
    if draw(st.booleans()):
        return AddReply(ticket_id=ticket_id, body=body, user_id=user_id,
                        from_email=draw(st.none() | emails), cc_emails=addresses)
    flag = draw(edge_numbers if edge == "flag" else st.booleans())
    return AddNote(ticket_id=ticket_id, body=body, user_id=user_id, private=flag,
                   notify_emails=addresses)


def _send(command) -> object | None:
    """Send; a refusal is fine and returns None, any other failure is the bug we look for."""
    try:
        return mediator.send(command, agent(7))
    except DomainError:
        return None


def _as_written(row: dict) -> dict:
    return {name: format_datetime(value) for name, value in row.items()}


def _project_and_check(ticket_id: int) -> None:
    wait_until_visible(last_recorded())
    for projection in registry.all_projections():
        runner.run_until_caught_up(projection)
        state = projection_state(projection.name)
        assert (state["status"], state["failures"]) == ("running", 0), (projection.name, state)
    fresh = streams.load(TICKET, ticket_id)
    assert _as_written(TicketView.objects.filter(id=ticket_id).values().get()) == ticket_row(fresh)
    for cid, conversation in fresh.state.conversations.items():
        stored = ConversationView.objects.filter(id=cid).values().get()
        assert _as_written(stored) == conversation_row(ticket_id, conversation)
    assert stored_activities([ticket_id])[ticket_id] == fresh_activities(ticket_id)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("edge", sorted(EDGE))
@hypothesis_settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                             HealthCheck.too_slow])
@given(data=st.data())
def test_every_accepted_ticket_command_projects_and_folds_to_its_rows(edge, data):
    """Create a ticket, then update it, reply, note, edit: `edge` takes its edge class in the
    creation or in one of the updates (chosen by Hypothesis), and conversations may get theirs."""
    reset_event_store(connection)
    reset_redis_keys(cache, settings.CACHE_KEY_PREFIX)
    steps = data.draw(st.lists(st.sampled_from(["update", "conversation", "edit"]), max_size=4))
    edge_at = data.draw(st.integers(0, len(steps)))
    created = _send(CreateTicket(fields=data.draw(fields(edge if edge_at == 0 else None,
                                                         requester=True))))
    if created is None:
        return
    ticket_id = created.result["ticket"]["id"]
    for number, step in enumerate(steps, 1):
        if step == "update":
            changes = data.draw(fields(edge if edge_at == number else None, requester=False))
            _send(UpdateTicket(ticket_id=ticket_id, changes=changes))
        elif step == "conversation":
            _send(data.draw(conversation_commands(ticket_id)))
        else:
            notes = [c for c in streams.load(TICKET, ticket_id).state.conversations.values()
                     if c.kind == "note" and not c.deleted]
            if notes:
                _send(EditNote(conversation_id=notes[0].id,
                               body=data.draw(bodies | hostile_texts | nested)))
    _project_and_check(ticket_id)
