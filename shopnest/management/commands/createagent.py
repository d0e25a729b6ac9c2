"""`manage.py createagent --email E --name N [--admin] [--api-key K] [--password P]`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from shopnest.accounts.domain import RegisterAgent
from shopnest.accounts.keys import new_api_key
from shopnest.accounts.registration import send_now
from shopnest.domain.errors import DomainError


class Command(BaseCommand):
    help = "Create an agent (through the mediator) and print its API key."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--admin", action="store_true", help="may administer the desk")
        parser.add_argument("--api-key", dest="api_key", help="use this key instead of a new one")
        parser.add_argument("--password", help="password for the admin site (optional)")

    def handle(self, *args, **options) -> None:
        key = options["api_key"] or new_api_key()
        command = RegisterAgent(email=options["email"], name=options["name"], api_key=key,
                                is_admin=options["admin"], password=options["password"])
        try:
            outcome = send_now(command)
        except DomainError as exc:
            raise CommandError(exc.describe()) from exc
        self.stdout.write(f"agent id: {outcome.result['agent_id']}")
        self.stdout.write(f"email:    {outcome.result['email']}")
        self.stdout.write(f"api key:  {key}")
