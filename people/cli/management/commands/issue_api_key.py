"""`manage.py issue_api_key --email E [--key K]`: give an account a new API key and print it.

The key is generated unless `--key` sets it; the account's old key stops working once this
returns (the command waits for the accounts projection, which authentication reads). Which
account an address names, and with what command, is people/cli/account_keys.py's lookup.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from people.cli.account_keys import key_issue
from people.registration import send_now
from shopnest.api.keys import new_api_key
from shopnest.domain.errors import DomainError


class Command(BaseCommand):
    help = "Issue (generate and print) or set a new API key for the account with this e-mail."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--key", help="use this key instead of a new one")

    def handle(self, *args, email: str, key: str | None = None, **options) -> None:
        key = key if key is not None else new_api_key()
        found = key_issue(email, key)
        if found is None:
            raise CommandError(f"no active account has the e-mail address {email}")
        try:
            send_now(found.command, reads=found.reads)
        except DomainError as exc:
            raise CommandError(exc.describe()) from exc
        self.stdout.write(f"account:  {found.account}")
        self.stdout.write(f"email:    {email.strip().lower()}")
        self.stdout.write(f"api key:  {key}")
