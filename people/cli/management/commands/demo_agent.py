"""`manage.py demo_agent --credentials FILE`: the first-start admin agent of `make run`.

Creates the agent once (through the mediator) and keeps its login in FILE (under the
git-ignored `.data/`), so every start prints the same working credentials.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from django.core.management.base import BaseCommand

from people.domain.agents import RegisterAgent
from people.models import AgentProfile
from people.registration import send_now
from shopnest.api.keys import hash_api_key, new_api_key

DEMO_EMAIL = "admin@shopnest.example"


class Command(BaseCommand):
    help = "Create the demo admin agent on first start and print its login and API key."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--credentials", required=True, help="JSON file keeping the login")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args, credentials: str, base_url: str, **options) -> None:
        path = Path(credentials)
        saved = json.loads(path.read_text()) if path.exists() else None
        if saved is None or not _usable(saved):
            saved = {"email": DEMO_EMAIL, "password": secrets.token_urlsafe(12),
                     "api_key": new_api_key()}
            send_now(RegisterAgent(email=saved["email"], name="Demo Admin",
                                             api_key=saved["api_key"], is_admin=True,
                                             password=saved["password"]), worker_wait=0)
            path.write_text(json.dumps(saved, indent=2))
            path.chmod(0o600)
        self.stdout.write("")
        self.stdout.write(f"  Admin:    {base_url}/admin/")
        self.stdout.write(f"  Login:    {saved['email']} / {saved['password']}")
        self.stdout.write(f"  API key:  {saved['api_key']}")
        self.stdout.write(f"  Try:      curl -u {saved['api_key']}:X {base_url}/api/v2/tickets")
        self.stdout.write(f"  API docs: {base_url}/api/docs/")
        self.stdout.write("")


def _usable(saved: dict) -> bool:
    return AgentProfile.objects.filter(api_key_hash=hash_api_key(saved.get("api_key", ""))).exists()
