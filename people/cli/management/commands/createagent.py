"""`manage.py createagent --email E --name N [--admin] [--api-key K] [--password P]`."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from people.domain.agents import RegisterAgent
from people.registration import register_from_cli
from shopnest.api.keys import new_api_key


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
        register_from_cli(command, self.stdout)
