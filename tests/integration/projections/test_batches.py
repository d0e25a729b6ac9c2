"""The runner moves a projection forward one batch, one transaction, at a time."""

from __future__ import annotations

import gc

from shopnest.projections import consistency, runner
from tests.integration.eventstore.helpers import append, new_event, stream_name, wait_until_visible

from .ledger import append_balances, balance_set, balances, checkpoint, deliveries, rewind


def test_a_batch_applies_at_most_batch_size_events_and_says_more_may_follow(ledger):
    stream = stream_name()
    results = append_balances(stream, 0, 1, 2, 3, 4)

    first = runner.run_batch(ledger, batch_size=2)

    assert (first.applied, first.more) == (2, True)
    assert deliveries() == [(stream, 1), (stream, 2)]
    assert checkpoint(ledger.name) == results[1].last

    second = runner.run_batch(ledger, batch_size=2)
    third = runner.run_batch(ledger, batch_size=2)

    assert (second.applied, second.more) == (2, True)
    assert (third.applied, third.more) == (1, False)
    assert deliveries() == [(stream, v) for v in range(1, 6)]


def test_running_until_caught_up_applies_every_event_once_in_commit_order(ledger, settings):
    settings.SHOPNEST_PROJECTION_BATCH = 3
    a, b = stream_name("a"), stream_name("b")
    for n in range(4):
        append(a, None, balance_set(n))
        append_balances(b, 10 + n)

    assert runner.run_until_caught_up(ledger) == 8
    assert runner.run_until_caught_up(ledger) == 0

    assert deliveries() == [(s, v) for v in range(1, 5) for s in (a, b)]
    assert balances() == {a: (4, 3), b: (4, 13)}


def test_events_of_other_types_are_not_delivered(ledger):
    stream = stream_name()
    result = append(stream, 0, new_event("SomethingElse"), balance_set(5), new_event("Other"))
    wait_until_visible(result.last)

    assert runner.run_batch(ledger).applied == 1
    assert deliveries() == [(stream, 2)]


def test_a_full_batch_stops_its_checkpoint_at_its_last_event(ledger):
    stream = stream_name()
    first, _ = append_balances(stream, 1, 2)

    runner.run_batch(ledger, batch_size=1)

    assert checkpoint(ledger.name) == first.last


def test_a_caught_up_projection_moves_its_checkpoint_past_events_it_ignores(registered_ledger):
    ledger = registered_ledger
    append_balances(stream_name(), 1)
    runner.run_batch(ledger)
    ignored = append(stream_name(), 0, new_event("SomethingElse"))
    wait_until_visible(ignored.last)

    outcome = runner.run_batch(ledger)

    assert (outcome.applied, outcome.more) == (0, False)
    assert checkpoint(ledger.name) > ignored.last
    assert consistency.has_reached((ledger.name,), ignored.last)


def test_a_token_is_reached_only_once_the_projection_has_applied_it(registered_ledger):
    ledger = registered_ledger
    (handled,) = append_balances(stream_name(), 1)

    assert not consistency.has_reached((ledger.name,), handled.last)

    runner.run_batch(ledger)

    assert consistency.has_reached((ledger.name,), handled.last)


def test_a_token_of_an_ignored_event_waits_for_handled_events_before_it(registered_ledger):
    ledger = registered_ledger
    append_balances(stream_name(), 1)
    runner.run_batch(ledger)
    (later,) = append_balances(stream_name(), 2)
    ignored = append(stream_name(), 0, new_event("SomethingElse"))

    assert not consistency.has_reached((ledger.name,), ignored.last)

    runner.run_batch(ledger)

    assert consistency.has_reached((ledger.name,), ignored.last)
    assert checkpoint(ledger.name) > later.last


def test_a_token_of_an_ignored_event_needs_no_run_when_nothing_handled_precedes_it(
    registered_ledger,
):
    ledger = registered_ledger
    append_balances(stream_name(), 1)
    runner.run_batch(ledger)
    ignored = append(stream_name(), 0, new_event("SomethingElse"))

    assert consistency.has_reached((ledger.name,), ignored.last)


def test_a_redelivered_batch_changes_no_row(ledger):
    stream = stream_name()
    append_balances(stream, 10, 20, 30, 40)
    runner.run_until_caught_up(ledger)
    built = balances()

    rewind(ledger.name)
    redelivered = runner.run_batch(ledger, batch_size=2)

    assert redelivered.applied == 2
    assert deliveries()[-2:] == [(stream, 1), (stream, 2)]
    assert balances() == built == {stream: (4, 40)}
    assert runner.run_until_caught_up(ledger) == 2
    assert balances() == built


def test_a_batch_cut_by_its_byte_bound_moves_its_checkpoint_only_past_what_it_read(ledger,
                                                                                   settings):
    settings.SHOPNEST_PROJECTION_BATCH_BYTES = 1  # every event reaches it: one per batch
    stream = stream_name()
    results = append_balances(stream, 0, 1, 2)

    first = runner.run_batch(ledger)

    assert (first.applied, first.more) == (1, True)
    assert checkpoint(ledger.name) == results[0].last
    assert runner.run_until_caught_up(ledger) == 2
    assert deliveries() == [(stream, v) for v in (1, 2, 3)]


def test_a_batch_is_applied_with_the_cyclic_collector_paused_and_resumes_it(ledger, monkeypatch):
    # The pause is what keeps a large batch from paying for collections of its own objects
    # (shopnest/projections/collector.py).
    seen = []
    apply = ledger.apply
    monkeypatch.setattr(ledger, "apply", lambda records: (seen.append(gc.isenabled()),
                                                          apply(records)))
    append_balances(stream_name(), 1, 2)

    assert runner.run_batch(ledger).applied == 2

    assert seen == [False]
    assert gc.isenabled()


def _append_with_metadata(stream: str, metadata: dict):
    from django.db import transaction

    from shopnest.eventstore import store
    from tests.integration.eventstore.helpers import stream_append

    with transaction.atomic():
        (result,) = store.append([stream_append(stream, None, balance_set(1))], metadata)
    wait_until_visible(result.last)


def test_a_projection_reads_the_metadata_keys_it_declares_and_the_correlation_id(
        ledger, monkeypatch):
    seen = []
    apply = ledger.apply
    monkeypatch.setattr(ledger, "apply", lambda records: (seen.extend(r.metadata for r in records),
                                                          apply(records)))
    _append_with_metadata(stream_name(), {"correlation_id": "c-1", "via": "api",
                                          "actor_email": "a@example.com"})

    monkeypatch.setattr(type(ledger), "metadata_keys", ())
    runner.run_batch(ledger)
    monkeypatch.setattr(type(ledger), "metadata_keys", ("via",))
    rewind(ledger.name)
    runner.run_batch(ledger)
    monkeypatch.setattr(type(ledger), "metadata_keys", None)
    rewind(ledger.name)
    runner.run_batch(ledger)

    assert seen == [{"correlation_id": "c-1"}, {"correlation_id": "c-1", "via": "api"},
                    {"correlation_id": "c-1", "via": "api", "actor_email": "a@example.com"}]
