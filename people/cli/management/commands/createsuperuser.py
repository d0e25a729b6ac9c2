"""`manage.py createsuperuser`: an administrator agent, registered through the mediator.

Replaces Django's command of the same name, which would write the user row (owned by the
accounts projection) around the event store. Asks for what is not given on the command line
(the password may also come from DJANGO_SUPERUSER_PASSWORD, as with Django's).
"""

from __future__ import annotations

import getpass
import os

from django.core.management.base import BaseCommand, CommandError

from people.domain.agents import RegisterAgent
from people.registration import register_from_cli
from shopnest.api.keys import new_api_key


class Command(BaseCommand):
    help = "Create an administrator agent (through the mediator) and print its API key."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email")
        parser.add_argument("--name", help="defaults to the e-mail address's local part")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="ask nothing: --email is required, the password comes from "
                                 "DJANGO_SUPERUSER_PASSWORD (none: sign-in by API key only)")

    def handle(self, *args, email=None, name=None, interactive=True, **options) -> None:
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if interactive:
            email = email or input("E-mail address: ").strip()
            name = name or input("Name (optional): ").strip()
            if password is None:
                password = _ask_password()
        if not email:
            raise CommandError("--email is required")
        key = new_api_key()
        command = RegisterAgent(email=email, name=name or email.partition("@")[0], api_key=key,
                                is_admin=True, password=password or None)
        register_from_cli(command, self.stdout)


def _ask_password() -> str:
    while True:
        first = getpass.getpass("Password: ")
        if first and first == getpass.getpass("Password (again): "):
            return first
        print("The passwords were empty or did not match; try again.")
