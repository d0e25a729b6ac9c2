"""Django in a fresh interpreter with only the environment given (as a container or `make run`
would start it): management commands, and requests through Django's test client."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from dataclasses import dataclass

from .compose import ROOT

# The host a production desk is reached by in these tests, and Django's test client's own.
DESK_HOST = "desk.shopnest.example"


def production_environment(**extra: str) -> dict[str, str]:
    """What an operator sets in production: DEBUG off, a long random key, explicit hosts."""
    return {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": f"{DESK_HOST},testserver",
            "DATABASE_URL": os.environ.get("DATABASE_URL",
                                           "postgres://postgres@127.0.0.1:5432/shopnest"),
            "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"), **extra}


def run(environment: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `args` (python is this interpreter) with only PATH and `environment` set."""
    env = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "config.settings",
           **environment}
    argv = [sys.executable if args[0] == "python" else args[0], *args[1:]]
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)


def manage(environment: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return run(environment, "python", "manage.py", *args)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str
    secure_cookies: dict[str, bool]

    def json(self):
        return json.loads(self.body)


_CLIENT = """
import json, sys
import django
django.setup()
from django.test import Client
out = []
for r in json.loads(sys.argv[1]):
    response = Client(raise_request_exception=False).generic(
        r["method"], r["path"], data=r.get("body", ""), content_type="application/json",
        headers=r.get("headers", {}))
    out.append({"status": response.status_code, "headers": dict(response.headers),
                "body": response.content.decode(errors="replace"),
                "secure_cookies": {k: bool(v["secure"]) for k, v in response.cookies.items()}})
print(json.dumps(out))
"""


def answers(environment: dict[str, str], requests: list[dict]) -> list[Answer]:
    """Each request's answer from one fresh Django started with `environment`. A request is
    {"method", "path", optionally "headers" (e.g. {"Host": ...}) and "body"}."""
    done = run(environment, "python", "-c", _CLIENT, json.dumps(requests))
    assert done.returncode == 0, done.stderr[-3000:]
    return [Answer(**a) for a in json.loads(done.stdout.strip().splitlines()[-1])]
