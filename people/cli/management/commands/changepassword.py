"""`manage.py changepassword EMAIL`: set an agent's back-office password through the mediator.

Replaces Django's command of the same name, which would save the user row (owned by the
accounts projection) around the event store.
"""

from __future__ import annotations

import getpass

from django.core.management.base import BaseCommand, CommandError

from people.domain.agents import ChangeAgentPassword
from people.models import AgentProfile
from people.registration import send_now
from shopnest.domain.errors import DomainError


class Command(BaseCommand):
    help = "Change an agent's password (through the mediator)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--password", help="the new password (asked for when left out)")

    def handle(self, *args, email: str, password: str | None = None, **options) -> None:
        profile = AgentProfile.objects.filter(user__email=email.strip().lower()).first()
        if profile is None:
            raise CommandError(f"no agent has the e-mail address {email}")
        if password is None:
            password = getpass.getpass("New password: ")
            if not password or password != getpass.getpass("New password (again): "):
                raise CommandError("The passwords were empty or did not match.")
        try:
            send_now(ChangeAgentPassword(agent_id=profile.user_id, password=password))
        except DomainError as exc:
            raise CommandError(exc.describe()) from exc
        self.stdout.write(f"Password changed for {email}.")
