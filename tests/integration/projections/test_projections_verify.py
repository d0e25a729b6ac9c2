"""`projections verify` finds every read row that is not the fold of its stream."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from shopnest.projections import registry
from shopnest.projections.verify import verify
from tests.integration.projections.desk import build_help_desk


@pytest.fixture
def desk():
    build_help_desk()


def test_a_desk_built_by_its_projections_verifies_clean(desk):
    out = io.StringIO()
    call_command("projections", "verify", stdout=out, stderr=io.StringIO())

    for name in ("tickets", "ticket_activities", "contacts", "accounts", "companies", "groups"):
        assert f"{name}: " in out.getvalue()
    assert " 0 differ" in out.getvalue() and "differ\n  " not in out.getvalue()
    tickets = verify(registry.get("tickets"))
    assert (tickets.checked >= 3, tickets.behind, tickets.differences) == (True, 0, [])
    activities = verify(registry.get("ticket_activities"))
    assert (activities.checked, activities.behind, activities.differences) == (
        tickets.checked, 0, [])


def test_a_changed_row_and_a_missing_row_are_found(desk):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE tickets_ticket_view SET subject = 'tampered' "
                       "WHERE id = (SELECT min(id) FROM tickets_ticket_view)")
        cursor.execute("DELETE FROM people_company_view "
                       "WHERE id = (SELECT min(id) FROM people_company_view WHERE NOT deleted)")

    tickets, companies = verify(registry.get("tickets")), verify(registry.get("companies"))

    assert [d.endswith("row differs from the fold") for d in tickets.differences] == [True]
    assert [d.endswith("no row") for d in companies.differences] == [True]
    with pytest.raises(CommandError, match="2 read rows differ"):
        call_command("projections", "verify", "tickets", "companies", stdout=io.StringIO(),
                     stderr=io.StringIO())


def test_a_changed_a_missing_and_an_extra_activity_row_are_found(desk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT ticket_id FROM tickets_activity_view GROUP BY ticket_id "
                       "HAVING count(*) >= 3 ORDER BY ticket_id")
        changed, lost, cut = [key for (key,) in cursor.fetchall()][:3]
        cursor.execute("UPDATE tickets_activity_change_view SET new_value = '\"tampered\"' "
                       "WHERE ticket_id = %s AND version = 1 AND field = 'status'", [changed])
        cursor.execute("DELETE FROM tickets_activity_view WHERE ticket_id = %s AND version = 2",
                       [lost])
        cursor.execute("INSERT INTO tickets_activity_view (ticket_id, version, position, event, "
                       "performed_at) SELECT ticket_id, version + 100, position, event, "
                       "performed_at FROM tickets_activity_view WHERE ticket_id = %s "
                       "AND version = 1", [cut])

    report = verify(registry.get("ticket_activities"))

    assert sorted(report.differences) == sorted([
        f"{changed}: 1 rows differ from the fold, first at v1",
        f"{lost}: 1 rows differ from the fold, first at v2",
        f"{cut}: rows reach v101 beyond stream v{_version(cut)}"])


def test_a_ticket_without_activity_rows_is_found_once_the_projection_passed_it(desk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(ticket_id) FROM tickets_activity_view")
        key = cursor.fetchone()[0]
        cursor.execute("DELETE FROM tickets_activity_change_view WHERE ticket_id = %s", [key])
        cursor.execute("DELETE FROM tickets_activity_view WHERE ticket_id = %s", [key])

    assert verify(registry.get("ticket_activities")).differences == [f"{key}: no rows"]


def _version(ticket_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM es_streams WHERE stream_id = %s",
                       [f"ticket-{ticket_id}"])
        return cursor.fetchone()[0]
