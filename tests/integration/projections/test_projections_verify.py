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

    for name in ("tickets", "contacts", "accounts", "companies", "groups"):
        assert f"{name}: " in out.getvalue()
    assert " 0 differ" in out.getvalue() and "differ\n  " not in out.getvalue()
    tickets = verify(registry.get("tickets"))
    assert (tickets.checked >= 3, tickets.behind, tickets.differences) == (True, 0, [])


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
