"""Reading docker-compose.yml, the Dockerfile and config/settings.py as the containers would."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
APP_SERVICES = ("web", "worker", "beat")
# What an operator exports before `docker compose up`: only the key is required.
OPERATOR_ENVIRONMENT = {"SECRET_KEY": "an-operators-own-key-" + "k7Qz" * 12}


class MissingVariable(Exception):
    """`${NAME:?message}` met an unset variable: `docker compose` refuses to start."""


# Compose's interpolation (compose-spec "Interpolation"): $$, $NAME, ${NAME}, ${NAME:-default},
# ${NAME-default}, ${NAME:?error}, ${NAME?error}, ${NAME:+other}, ${NAME+other}.
_VARIABLE = re.compile(r"\$(?:(?P<escaped>\$)|(?P<bare>[A-Za-z_][A-Za-z0-9_]*)|"
                       r"\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\})")


def interpolate(value: str, environ: dict[str, str]) -> str:
    def replace(match: re.Match) -> str:
        if match["escaped"]:
            return "$"
        name = match["bare"] or match["name"]
        op, arg = match["op"] or "", match["arg"] or ""
        present = name in environ and (environ[name] != "" or not op.startswith(":"))
        if op.endswith("-"):
            return environ[name] if present else arg
        if op.endswith("?"):
            if not present:
                raise MissingVariable(f"required variable {name} is missing a value: {arg}")
            return environ[name]
        if op.endswith("+"):
            return arg if present else ""
        return environ.get(name, "")

    return _VARIABLE.sub(replace, value)


def _interpolated(node, environ: dict[str, str]):
    if isinstance(node, str):
        return interpolate(node, environ)
    if isinstance(node, dict):
        return {key: _interpolated(value, environ) for key, value in node.items()}
    if isinstance(node, list):
        return [_interpolated(value, environ) for value in node]
    return node


def compose(environ: dict[str, str] | None = None) -> dict:
    """docker-compose.yml as `docker compose` reads it with `environ` exported (by default
    OPERATOR_ENVIRONMENT); raises MissingVariable where compose would refuse to start."""
    raw = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return _interpolated(raw, OPERATOR_ENVIRONMENT if environ is None else environ)


def service(name: str, environ: dict[str, str] | None = None) -> dict:
    return compose(environ)["services"][name]


def command_steps(command: list[str] | str) -> list[list[str]]:
    """The separate programs a service command runs, each as its words."""
    words = shlex.split(command) if isinstance(command, str) else list(command)
    if words[:2] != ["sh", "-c"]:
        return [words]
    steps, current = [], []
    for word in shlex.split(words[2]):
        if word in {"&&", ";", "||"}:
            steps.append(current)
            current = []
        else:
            current.append(word)
    return [*steps, current]


def dockerfile_cmd() -> list[str]:
    text = (ROOT / "Dockerfile").read_text()
    found = re.findall(r"^CMD\s+(\[.*\])\s*$", text, flags=re.MULTILINE)
    assert found, "the Dockerfile has no exec-form CMD"
    return json.loads(found[-1])


def dockerfile_sync_options() -> list[str]:
    """The options of the image's `uv sync` (which dependency groups the image gets)."""
    text = (ROOT / "Dockerfile").read_text()
    found = re.findall(r"^RUN\s+uv\s+sync\s+(.*)$", text, flags=re.MULTILINE)
    assert found, "the Dockerfile does not install with uv sync"
    return shlex.split(found[0])


def packages_installed_by_uv(options: list[str]) -> set[str]:
    """What `uv sync <options>` installs, from the lock file, without installing anything."""
    export = [o.replace("--no-install-project", "--no-emit-project") for o in options
              if o not in {"--quiet", "-q"}]
    done = subprocess.run(["uv", "export", "--format", "requirements-txt", "--no-hashes",
                           "--no-header", *export], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    lines = [line.strip() for line in done.stdout.splitlines()]
    return {re.split(r"[=<>\[ ;]", line, maxsplit=1)[0].lower() for line in lines
            if line and not line.startswith(("#", "-"))}


def variables_read_by_settings() -> set[str]:
    """Every environment variable config/settings.py reads (directly or via env_bool/env_float)."""
    source = (ROOT / "config" / "settings.py").read_text()
    pattern = r"""(?:os\.environ\.get|os\.getenv|env_bool|env_float)\(\s*["']([A-Z0-9_]+)["']"""
    return set(re.findall(pattern, source))


def settings_seen_with(environment: dict[str, str]) -> dict:
    """Load config.settings in a fresh interpreter with only `environment` (as a container
    would) and return what it made of it."""
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "db = s.DATABASES['default']; "
        "print(json.dumps({'engine': db['ENGINE'], 'host': db['HOST'], 'port': db['PORT'], "
        "'name': db['NAME'], 'user': db['USER'], 'password': db['PASSWORD'], "
        "'broker': s.CELERY_BROKER_URL, 'cache': s.CACHES['default']['LOCATION'], "
        "'secret_key': s.SECRET_KEY, 'debug': s.DEBUG, 'allowed_hosts': s.ALLOWED_HOSTS}))"
    )
    env = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "config.settings",
           **environment}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])
