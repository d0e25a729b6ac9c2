"""seed_demo fills an empty desk through the normal command path."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from shopnest.models import EventRecord
from tickets.models import TicketView


def test_seed_demo_creates_the_asked_number_of_tickets_as_events_and_read_rows():
    call_command("createagent", email="seed@shopnest.example", name="Seed Agent", api_key="seed-key")

    call_command("seed_demo", tickets=6)

    assert EventRecord.objects.filter(type="TicketCreated").count() == 6
    assert TicketView.objects.count() == 6
    assert all(e.metadata["via"] == "cli" for e in EventRecord.objects.filter(type="TicketCreated"))
    assert EventRecord.objects.filter(type__in=["ReplyAdded", "NoteAdded"]).exists()


def test_seed_demo_refuses_a_desk_that_already_has_tickets_unless_forced():
    call_command("seed_demo", tickets=2)

    with pytest.raises(CommandError):
        call_command("seed_demo", tickets=2)
    call_command("seed_demo", tickets=2, force=True)

    assert EventRecord.objects.filter(type="TicketCreated").count() == 4
