"""The mediator routes each message to exactly one handler, through its behaviours."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.exceptions import ImproperlyConfigured

from shopnest.eventstore import store
from shopnest.eventstore.records import NewEvent, StreamAppend
from shopnest.mediator import Decision, Mediator, MessageContext
from shopnest.messages import Command, Query


@dataclass(frozen=True)
class Ping(Command):
    stream_id: str = "ping-1"


@dataclass(frozen=True)
class Unrouted(Command):
    pass


@dataclass(frozen=True)
class HowMany(Query):
    pass


def pinged(command: Ping, ctx: MessageContext) -> Decision:
    events = (NewEvent("Pinged", {"by": ctx.actor_id}),)
    return Decision(
        appends=(StreamAppend(command.stream_id, "ping", None, events),),
        result={"pinged": command.stream_id},
    )


def test_a_second_handler_for_one_command_is_refused():
    mediator = Mediator()
    mediator.register_command(Ping, pinged)

    with pytest.raises(ImproperlyConfigured, match="Ping"):
        mediator.register_command(Ping, pinged)


def test_a_second_handler_for_one_query_is_refused():
    mediator = Mediator()
    mediator.register_query(HowMany, lambda query, ctx: 0)

    with pytest.raises(ImproperlyConfigured, match="HowMany"):
        mediator.register_query(HowMany, lambda query, ctx: 1)


def test_sending_a_command_without_a_handler_raises_lookup_error():
    mediator = Mediator()
    mediator.register_command(Ping, pinged)

    with pytest.raises(LookupError, match="Unrouted"):
        mediator.send(Unrouted())


def test_asking_a_query_without_a_handler_raises_lookup_error():
    with pytest.raises(LookupError, match="HowMany"):
        Mediator().ask(HowMany())


def test_a_decision_is_appended_and_its_result_carries_versions_and_token():
    mediator = Mediator()
    mediator.register_command(Ping, pinged)

    first = mediator.send(Ping(), MessageContext(actor_id=3, correlation_id="c-1"))
    second = mediator.send(Ping())

    events = store.read_stream("ping-1")
    assert first.result == {"pinged": "ping-1"}
    assert (first.versions, second.versions) == ({"ping-1": 1}, {"ping-1": 2})
    assert [e.token for e in events] == [first.token, second.token]
    assert events[0].data == {"by": 3}
    assert events[0].metadata["correlation_id"] == "c-1"
    assert events[0].metadata["actor_id"] == 3


def test_a_decision_without_events_appends_nothing_and_has_no_token():
    mediator = Mediator()
    mediator.register_command(Ping, lambda command, ctx: Decision(result={"noop": True}))

    outcome = mediator.send(Ping())

    assert (outcome.result, outcome.versions, outcome.token) == ({"noop": True}, {}, None)
    assert store.read_stream("ping-1") == []


def test_behaviours_wrap_the_handler_outermost_first():
    mediator = Mediator()
    mediator.register_command(Ping, pinged)
    calls = []

    def behaviour(label):
        def wrap(command, ctx, uow, nxt):
            calls.append(f"{label} in")
            outcome = nxt()
            calls.append(f"{label} out")
            return outcome

        return wrap

    mediator.command_behaviours = [behaviour("outer"), behaviour("inner")]
    mediator.send(Ping())

    assert calls == ["outer in", "inner in", "inner out", "outer out"]
