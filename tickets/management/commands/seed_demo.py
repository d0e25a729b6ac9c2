"""`manage.py seed_demo [--tickets N]`: fill an empty desk through the normal command path."""

from __future__ import annotations

import random
import sys

from django.core.management.base import BaseCommand, CommandError

from people.models import AgentProfile
from people.registration import catch_up_to
from shopnest.mediator import CommandResult, MessageContext, mediator
from shopnest.models import StreamRecord
from tickets.demo.content import customer, story
from tickets.domain.commands import AddNote, AddReply, CreateTicket, UpdateTicket


class Command(BaseCommand):
    help = "Create realistic ShopNest tickets (orders, refunds, shipping) through the mediator."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--tickets", type=int, default=100)
        parser.add_argument("--seed", type=int, default=7, help="same seed, same desk")
        parser.add_argument("--force", action="store_true", help="seed a desk that has tickets")

    def handle(self, *args, tickets: int, seed: int, force: bool, **options) -> None:
        if tickets < 1:
            raise CommandError("--tickets must be at least 1")
        if StreamRecord.objects.filter(stream_type="ticket").exists() and not force:
            raise CommandError("The desk already has tickets; use --force to add more anyway.")
        agents = list(AgentProfile.objects.select_related("user").order_by("user_id"))
        rng = random.Random(seed)
        last = None
        for done in range(1, tickets + 1):
            agent = rng.choice(agents) if agents else None
            last = self._one_ticket(rng, agent, pool=max(10, tickets // 3)) or last
            _progress(done, tickets)
        sys.stdout.write("\n")
        if last is not None:
            # The demo is ready when the queue shows it, not when the last event is written.
            catch_up_to(("tickets", "contacts"), last.token)
        self.stdout.write(self.style.SUCCESS(f"Created {tickets} tickets."))

    def _one_ticket(self, rng: random.Random, agent, pool: int) -> CommandResult | None:
        """Open one ticket with its thread; return the last outcome that appended."""
        ctx = MessageContext(actor_id=agent.user_id if agent else None,
                             actor_email=agent.user.email if agent else None,
                             actor_type="agent" if agent else "system", via="cli")
        name, email = customer(rng, pool)
        tale = story(rng)
        opened = mediator.send(CreateTicket(fields={
            "email": email, "name": name, "subject": tale.subject, "description": tale.description,
            "type": tale.type, "tags": list(tale.tags), "priority": tale.priority,
            "source": rng.choice([1, 2, 3, 7])}), ctx)
        ticket_id = opened.result["ticket"]["id"]
        last = opened
        if rng.random() < 0.8:
            last = mediator.send(AddNote(ticket_id=ticket_id, body=tale.note), ctx)
        if rng.random() < 0.7:
            last = mediator.send(AddReply(ticket_id=ticket_id, body=tale.reply), ctx)
            changes = {"status": tale.final_status}
            if agent is not None:
                changes["responder_id"] = agent.user_id
            updated = mediator.send(UpdateTicket(ticket_id=ticket_id, changes=changes), ctx)
            last = updated if updated.token is not None else last
        return last if last.token is not None else None


def _progress(done: int, total: int, width: int = 30) -> None:
    filled = int(width * done / total)
    sys.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} tickets")
    sys.stdout.flush()
