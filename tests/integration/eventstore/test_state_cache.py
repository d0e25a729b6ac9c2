"""A load folds only what is new onto the state this process remembers, and never trusts a
remembered state the store no longer backs (shopnest/eventstore/state_cache.py)."""

from __future__ import annotations

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from people.domain.contacts import CONTACT
from people.domain.erasure import EraseContact
from shopnest.eventstore import store, streams
from shopnest.eventstore.state_cache import STATES, Remembered, StateCache
from tests.integration.mediator.tickets import agent, open_ticket, reply, send
from tickets.domain.aggregate import TICKET

_TICKET_READ = re.compile(r"FROM es_events e WHERE stream_id = 'ticket-\d+' AND version (>=?) (\d+)")


def _ticket_reads(queries) -> list[str]:
    """Where each read of a ticket stream starts: "> 0" (the whole stream), ">= 7" (from the
    remembered version 7)."""
    return [f"{m.group(1)} {m.group(2)}" for q in queries
            if (m := _TICKET_READ.search(q["sql"]))]


def _fresh(ticket_id: int) -> streams.Stream:
    """The stream folded from the store alone."""
    STATES.forget(TICKET.stream_id(ticket_id))
    loaded = streams.load(TICKET, ticket_id)
    STATES.forget(TICKET.stream_id(ticket_id))
    return loaded


def test_a_second_load_reads_from_the_remembered_version_and_folds_the_same_state():
    ticket_id = open_ticket()
    for n in range(5):
        reply(ticket_id, f"Update {n}")
    first = streams.load(TICKET, ticket_id)

    with CaptureQueriesContext(connection) as captured:
        again = streams.load(TICKET, ticket_id)

    assert _ticket_reads(captured.captured_queries) == [f">= {first.version}"]
    assert (again.version, again.state) == (first.version, first.state)
    fresh = _fresh(ticket_id)
    assert (fresh.version, fresh.state) == (again.version, again.state)


def test_events_another_writer_appended_are_folded_onto_the_remembered_state():
    ticket_id = open_ticket()
    before = streams.load(TICKET, ticket_id)
    reply(ticket_id, "From another process", ctx=agent(2))
    reply(ticket_id, "And one more", ctx=agent(2))

    after = streams.load(TICKET, ticket_id)

    assert after.version == before.version + 2
    assert [c.body_text for c in after.state.conversations.values()] == [
        "From another process", "And one more"]
    assert after.state == _fresh(ticket_id).state


def test_a_state_folded_from_events_that_were_rolled_back_is_never_used():
    ticket_id = open_ticket()
    streams.load(TICKET, ticket_id)
    with transaction.atomic():
        reply(ticket_id, "This reply is rolled back")
        # Inside the transaction the load sees (and remembers) the uncommitted reply.
        inside = streams.load(TICKET, ticket_id)
        assert [c.body_text for c in inside.state.conversations.values()] == [
            "This reply is rolled back"]
        transaction.set_rollback(True)
    reply(ticket_id, "This one is committed")  # the same version, another event

    loaded = streams.load(TICKET, ticket_id)

    assert [c.body_text for c in loaded.state.conversations.values()] == [
        "This one is committed"]
    assert loaded.state == _fresh(ticket_id).state


def test_a_remembered_state_the_store_does_not_hold_is_dropped():
    ticket_id = open_ticket()
    stream_id = TICKET.stream_id(ticket_id)
    real = streams.load(TICKET, ticket_id)
    # As if the database had been replaced under the process: same version, other event.
    import uuid

    STATES.put(stream_id, Remembered(TICKET, real.version, uuid.uuid4(),
                                     TICKET.initial))

    loaded = streams.load(TICKET, ticket_id)

    assert loaded.state == real.state
    assert STATES.get(TICKET, stream_id).last_event_id == store.read_stream(stream_id)[-1].event_id


def test_an_erasure_in_what_is_new_makes_the_load_fold_the_whole_stream_again():
    contact_email = "erase-me@example.com"
    ticket_id = open_ticket(email=contact_email, subject="My address is erase-me@example.com")
    loaded = streams.load(TICKET, ticket_id)
    contact_id = loaded.state.requester_id
    assert loaded.state.requester_email == contact_email

    send(EraseContact(contact_id=contact_id, force=True))
    with CaptureQueriesContext(connection) as captured:
        erased = streams.load(TICKET, ticket_id)

    assert _ticket_reads(captured.captured_queries)[-1] == "> 0"  # the whole stream, afresh
    assert erased.state.requester_email != contact_email
    assert erased.state == _fresh(ticket_id).state
    assert not streams.load(CONTACT, contact_id).state.exists


@pytest.mark.parametrize("limit", [10, 25])
def test_what_is_remembered_is_bounded_by_the_events_folded_into_it(settings, limit):
    settings.SHOPNEST_STREAM_CACHE_EVENTS = limit
    cache = StateCache()
    for n in range(10):
        cache.put(f"ticket-{n}", Remembered(TICKET, 4, None, None))
    assert len(cache) == limit // 4
    assert cache.get(TICKET, "ticket-9") is not None  # the latest stay
    assert cache.get(TICKET, "ticket-0") is None
    cache.put("ticket-long", Remembered(TICKET, limit + 1, None, None))
    assert cache.get(TICKET, "ticket-long") is None  # longer than the whole bound: not kept


def test_a_state_is_remembered_for_the_aggregate_that_folded_it_only():
    cache = StateCache()
    cache.put("ticket-1", Remembered(TICKET, 1, None, "state"))
    assert cache.get(CONTACT, "ticket-1") is None
    assert cache.get(TICKET, "ticket-1").state == "state"


def test_a_state_not_loaded_again_in_time_is_dropped(settings, monkeypatch):
    from shopnest.eventstore import state_cache

    settings.SHOPNEST_STREAM_CACHE_SECONDS = 60
    clock = [1000.0]
    monkeypatch.setattr(state_cache.time, "monotonic", lambda: clock[0])
    cache = StateCache()
    cache.put("ticket-1", Remembered(TICKET, 1, None, "state"))
    clock[0] += 59
    assert cache.get(TICKET, "ticket-1") is not None
    clock[0] += 2  # 61 s after it was remembered (a get does not renew it; a load's put does)
    assert cache.get(TICKET, "ticket-1") is None
    assert len(cache) == 0


def test_tails_read_together_fold_each_stream_as_its_own_load_does():
    first, second = open_ticket(), open_ticket()
    for ticket_id in (first, second):
        streams.load(TICKET, ticket_id)
        reply(ticket_id, "Read with the other", ctx=agent(2))
    with CaptureQueriesContext(connection) as captured:
        read = streams.tails([(TICKET, first), (TICKET, second)])
    loaded = [streams.load(TICKET, t, read=read) for t in (first, second)]

    # One read of the events, and one of the keys that open what they hold of a person's.
    assert [("es_events" in q["sql"], "shopnest_person_key" in q["sql"])
            for q in captured.captured_queries] == [(True, False), (False, True)]
    for ticket_id, stream in zip((first, second), loaded, strict=True):
        fresh = _fresh(ticket_id)
        assert (stream.version, stream.state) == (fresh.version, fresh.state)


def test_a_tail_read_for_an_older_remembered_version_is_not_used():
    ticket_id = open_ticket()
    streams.load(TICKET, ticket_id)
    read = streams.tails([(TICKET, ticket_id)])
    reply(ticket_id, "After the read", ctx=agent(2))
    streams.load(TICKET, ticket_id)  # this process now remembers the later version

    with CaptureQueriesContext(connection) as captured:
        loaded = streams.load(TICKET, ticket_id, read=read)

    assert _ticket_reads(captured.captured_queries) == [f">= {loaded.version}"]
    assert loaded.state == _fresh(ticket_id).state
