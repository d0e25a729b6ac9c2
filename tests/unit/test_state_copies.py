"""`shopnest.domain.states.replace` copies a state as `dataclasses.replace` does."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property

import pytest

from shopnest.domain.states import replace
from tickets.domain.state import TicketState, TicketStats


def test_a_copy_equals_what_dataclasses_replace_makes_and_leaves_the_original_alone():
    state = TicketState(exists=True, id=3, subject="Where is my order?", tags=("a",))

    copy = replace(state, subject="Found it", stats=TicketStats(resolved_at="2024-05-01T09:00:00Z"))

    assert copy == dataclasses.replace(state, subject="Found it",
                                       stats=TicketStats(resolved_at="2024-05-01T09:00:00Z"))
    assert type(copy) is TicketState
    assert state.subject == "Where is my order?"
    with pytest.raises(dataclasses.FrozenInstanceError):
        copy.subject = "changed"


def test_a_field_the_class_does_not_have_is_refused():
    with pytest.raises(TypeError, match="nope"):
        replace(TicketState(), nope=1)


@dataclass(frozen=True)
class Checked:
    n: int
    doubled: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "doubled", self.n * 2)


@dataclass(frozen=True)
class Cached:
    n: int

    @cached_property
    def square(self) -> int:
        return self.n * self.n


def test_classes_that_compute_attributes_go_through_their_constructor():
    assert replace(Checked(1), n=4).doubled == 8
    cached = Cached(2)
    assert cached.square == 4
    assert replace(cached, n=3).square == 9
