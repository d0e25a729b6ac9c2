"""`projections rebuild`: new tables built beside the live ones, reads switched over with no
downtime, the result equal to what incremental projection produced; `--rollback` switches
back."""

from __future__ import annotations

import io
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from shopnest.projections import rebuild as rebuild_module
from shopnest.projections import registry, runner
from shopnest.projections.verify import verify
from tests.integration.eventstore.helpers import thread_pool
from tests.integration.mediator.tickets import open_ticket, reply
from tests.integration.projections.desk import build_help_desk

TABLES = ("tickets_ticket_view", "tickets_conversation_view")


def _contents() -> dict[str, list[tuple]]:
    out = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT * FROM {table} ORDER BY id")
            out[table] = cursor.fetchall()
    return out


def _rebuild(*args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("projections", "rebuild", "tickets", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def _table_oid(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::regclass::oid", [f"public.{table}"])
        return cursor.fetchone()[0]


def _catch_up() -> None:
    runner.run_until_caught_up(registry.get("tickets"))


@pytest.fixture
def desk():
    build_help_desk()
    for n in range(5):
        ticket = open_ticket()
        reply(ticket, f"Parcel {n} is on its way.")
    _catch_up()


def test_a_rebuild_equals_what_incremental_projection_wrote(desk):
    before, oids = _contents(), {t: _table_oid(t) for t in TABLES}

    output = _rebuild()

    assert "reads switched to the new tables" in output and "events" in output
    assert {t: _table_oid(t) for t in TABLES} != oids  # new tables, under the same names
    assert _contents() == before
    assert verify(registry.get("tickets")).differences == []


def test_a_rebuild_built_by_several_processes_equals_what_incremental_projection_wrote(desk):
    before = _contents()
    events = rebuild_module.events_to_apply(registry.get("tickets"))

    # Two more `projections build` processes share the partitions with this one; batches of
    # two events keep every process busy for a while.
    output = _rebuild("--workers", "3", "--batch", "2")

    assert f"rebuilt from {events} events" in output
    assert _contents() == before
    assert verify(registry.get("tickets")).differences == []


def test_build_helps_only_a_rebuild_under_way_and_workers_are_bounded(desk):
    with pytest.raises(CommandError, match="no rebuild under way"):
        call_command("projections", "build", "tickets", stdout=io.StringIO())
    for workers in ("0", "65"):
        with pytest.raises(CommandError, match="--workers must be 1 to 64"):
            _rebuild("--workers", workers)


def test_the_rebuilt_tables_take_new_events(desk):
    _rebuild()
    ticket = open_ticket(subject="After the rebuild")
    _catch_up()
    with connection.cursor() as cursor:
        cursor.execute("SELECT subject FROM tickets_ticket_view WHERE id = %s", [ticket])
        assert cursor.fetchone() == ("After the rebuild",)
    assert verify(registry.get("tickets")).differences == []


def test_readers_are_served_throughout_a_rebuild(desk):
    rows = len(_contents()["tickets_ticket_view"])
    stop, seen, errors = threading.Event(), [], []

    def read() -> None:
        try:
            while not stop.is_set():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT count(*) FROM tickets_ticket_view")
                    seen.append(cursor.fetchone()[0])
        except Exception as exc:  # a reader that fails is downtime
            errors.append(exc)
        finally:
            connections.close_all()

    with thread_pool(1) as submit:
        reader = submit(read)
        _rebuild("--batch", "7")
        stop.set()
        reader.result(timeout=30)

    assert errors == []
    assert len(seen) > 10 and set(seen) == {rows}  # never empty, never partial


def test_rollback_switches_back_and_the_old_tables_catch_up(desk):
    old = {t: _table_oid(t) for t in TABLES}
    _rebuild()
    ticket = open_ticket(subject="Between rebuild and rollback")
    _catch_up()

    _rebuild("--rollback")

    assert {t: _table_oid(t) for t in TABLES} == old
    _catch_up()
    with connection.cursor() as cursor:
        cursor.execute("SELECT subject FROM tickets_ticket_view WHERE id = %s", [ticket])
        assert cursor.fetchone() == ("Between rebuild and rollback",)
    assert verify(registry.get("tickets")).differences == []


def test_a_projection_whose_tables_others_reference_is_refused(desk):
    with pytest.raises(CommandError, match="reference"):
        call_command("projections", "rebuild", "accounts", stdout=io.StringIO(),
                     stderr=io.StringIO())


def test_status_lists_every_partition(desk):
    out = io.StringIO()
    call_command("projections", "status", stdout=out)
    for name in ("tickets", "contacts", "accounts", "companies", "groups"):
        assert f"\n{name} " in out.getvalue()
