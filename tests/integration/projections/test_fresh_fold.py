"""Every read row equals what a fresh fold of its stream gives, field by field.

"One projection run equals another" would pass if both were wrong the same way; this checks
the read side against the domain itself: for every stream the desk holds, its events are
folded afresh through the aggregate's own evolve, encoded as rows, and compared with the rows
the projections built incrementally (one small batch per command).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from people.domain.agents import AGENT
from people.domain.companies import COMPANY
from people.domain.contacts import CONTACT
from people.domain.groups import GROUP
from people.models import AgentProfile, CompanyView, ContactView, GroupView
from people.projections.agents import profile_row, user_row
from people.projections.company_rows import company_row
from people.projections.groups import group_row
from people.projections.rows import contact_row
from shopnest.eventstore import streams
from shopnest.timestamps import format_datetime
from tests.integration.projections.desk import build_help_desk
from tickets.domain.aggregate import TICKET
from tickets.models import ConversationView, TicketView
from tickets.projections.rows import conversation_row, ticket_row


def _keys(aggregate) -> list:
    with connection.cursor() as cursor:
        cursor.execute("SELECT stream_id FROM es_streams WHERE stream_type = %s",
                       [aggregate.stream_type])
        return [aggregate.key_of(sid) for (sid,) in cursor.fetchall()]


def _as_written(row: dict[str, Any]) -> dict[str, Any]:
    """A row read back, in the form the encoder writes (timestamps as text, arrays as lists)."""
    return {name: format_datetime(value) for name, value in row.items()}


def _differences(kind: str, key, expected: dict, stored: dict | None) -> list[str]:
    if stored is None:
        return [f"{kind} {key}: no row"]
    stored = _as_written(stored)
    return [f"{kind} {key}.{name}: stored {stored.get(name)!r}, fresh fold {value!r}"
            for name, value in expected.items() if stored.get(name) != value]


@pytest.fixture
def desk():
    build_help_desk()


def test_every_ticket_row_and_conversation_row_is_a_fresh_fold_of_its_stream(desk):
    problems = []
    keys = _keys(TICKET)
    assert len(keys) >= 4
    for key in keys:
        fresh = streams.load(TICKET, key)
        problems += _differences("ticket", key, ticket_row(fresh),
                                 TicketView.objects.filter(id=key).values().first())
        stored = {c["id"]: c for c in ConversationView.objects.filter(ticket_id=key).values()}
        assert set(stored) == set(fresh.state.conversations), f"ticket {key} conversations"
        for cid, conversation in fresh.state.conversations.items():
            problems += _differences("conversation", cid, conversation_row(key, conversation),
                                     stored[cid])
    assert not problems, "\n".join(problems)


def test_every_contact_row_is_a_fresh_fold_of_its_stream(desk):
    problems = []
    keys = _keys(CONTACT)
    assert len(keys) >= 3
    for key in keys:
        problems += _differences("contact", key, contact_row(streams.load(CONTACT, key)),
                                 ContactView.objects.filter(id=key).values().first())
    assert not problems, "\n".join(problems)


def test_every_agent_user_and_profile_row_is_a_fresh_fold_of_its_stream(desk):
    problems = []
    keys = _keys(AGENT)
    assert len(keys) >= 2
    for key in keys:
        fresh = streams.load(AGENT, key)
        problems += _differences("user", key, user_row(fresh),
                                 get_user_model().objects.filter(id=key).values().first())
        problems += _differences("agent", key, profile_row(fresh),
                                 AgentProfile.objects.filter(user_id=key).values().first())
    assert not problems, "\n".join(problems)


def test_every_company_row_is_a_fresh_fold_of_its_stream(desk):
    problems = []
    keys = _keys(COMPANY)
    assert len(keys) >= 2
    for key in keys:
        problems += _differences("company", key, company_row(streams.load(COMPANY, key)),
                                 CompanyView.objects.filter(id=key).values().first())
    assert not problems, "\n".join(problems)


def test_every_group_row_is_a_fresh_fold_of_its_stream(desk):
    problems = []
    keys = _keys(GROUP)
    assert len(keys) >= 2
    for key in keys:
        problems += _differences("group", key, group_row(streams.load(GROUP, key)),
                                 GroupView.objects.filter(id=key).values().first())
    assert not problems, "\n".join(problems)


def test_the_check_finds_a_row_that_differs_from_the_fold(desk):
    """The comparison itself can fail: a hand-edited read row is reported field by field."""
    key = _keys(TICKET)[0]
    TicketView.objects.filter(id=key).update(subject="edited by hand")

    expected = ticket_row(streams.load(TICKET, key))
    problems = _differences("ticket", key, expected,
                            TicketView.objects.filter(id=key).values().first())

    assert problems == [f"ticket {key}.subject: stored 'edited by hand', fresh fold "
                        f"{expected['subject']!r}"]
