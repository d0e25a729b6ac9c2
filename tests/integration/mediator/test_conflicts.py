"""Commutative commands are retried on conflict; If-Match commands fail with 412 instead."""

from __future__ import annotations

import pytest

from shopnest.api.errors import http_status_of
from shopnest.domain.errors import PreconditionFailed
from shopnest.eventstore import store
from tests.integration.eventstore.helpers import run_together

from .tickets import agent, note, open_ticket, reply, update


def test_two_agents_replying_at_the_same_moment_both_succeed():
    ticket = open_ticket()
    left, right = agent(1), agent(2)  # registered before they race

    for round_ in range(5):
        outcomes = run_together(
            lambda r=round_: reply(ticket, f"left {r}", left),
            lambda r=round_: reply(ticket, f"right {r}", right),
        )
        assert not any(isinstance(o, Exception) for o in outcomes), outcomes

    events = store.read_stream(f"ticket-{ticket}")
    replies = [e.data["body"] for e in events if e.type == "ReplyAdded"]
    assert sorted(replies) == sorted(f"{side} {r}" for r in range(5) for side in ("left", "right"))
    assert [e.version for e in events] == list(range(1, 12))


def test_a_reply_and_a_note_at_the_same_moment_both_succeed():
    ticket = open_ticket()

    outcomes = run_together(lambda: reply(ticket, "reply"), lambda: note(ticket, "note"))

    assert not any(isinstance(o, Exception) for o in outcomes), outcomes
    types = [e.type for e in store.read_stream(f"ticket-{ticket}")]
    assert sorted(types) == ["NoteAdded", "ReplyAdded", "TicketCreated"]


def test_an_update_with_a_stale_expected_version_fails_its_precondition():
    ticket = open_ticket()
    reply(ticket)

    with pytest.raises(PreconditionFailed) as failed:
        update(ticket, expected_version=1, priority=3)

    assert http_status_of(failed.value) == 412
    assert store.stream_version(f"ticket-{ticket}") == 2


def test_an_update_with_the_current_expected_version_succeeds():
    ticket = open_ticket()
    reply(ticket)

    outcome = update(ticket, expected_version=2, priority=3)

    assert outcome.versions == {f"ticket-{ticket}": 3}
    assert outcome.result["ticket"]["priority"] == 3


def test_of_two_updates_expecting_one_version_at_the_same_moment_one_fails_its_precondition():
    for round_ in range(3):
        ticket = open_ticket()

        outcomes = run_together(
            lambda t=ticket: update(t, expected_version=1, priority=3),
            lambda t=ticket: update(t, expected_version=1, status=3),
        )

        failed = [o for o in outcomes if isinstance(o, Exception)]
        assert len(failed) == 1 and isinstance(failed[0], PreconditionFailed), outcomes
        assert store.stream_version(f"ticket-{ticket}") == 2, round_
