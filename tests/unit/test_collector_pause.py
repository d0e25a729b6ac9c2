"""A batch runs with Python's cyclic collector off, and turns it back on however it ends."""

from __future__ import annotations

import gc

import pytest

from shopnest.projections import collector


def test_the_collector_is_off_inside_and_on_after():
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_block_that_raises_still_turns_the_collector_back_on():
    with pytest.raises(LookupError), collector.paused():
        raise LookupError("a handler failed")
    assert gc.isenabled()


def test_a_nested_pause_leaves_the_outer_one_in_charge():
    with collector.paused():
        with collector.paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_the_process_turned_off_stays_off():
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_pausing_function_runs_with_the_collector_off_and_turns_it_on_after_returning():
    @collector.pausing
    def batch(n):
        return n, gc.isenabled()

    assert batch(3) == (3, False)
    assert gc.isenabled()
