"""Prepare an isolated world for one bench run: its own database and its own Redis key space."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import redis
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/shopnest_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)


def redis_url() -> str:
    return os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)


def recreate_database(url: str) -> str:
    """Drop and create the bench database; return its name.

    The name must contain "bench": a mistyped BENCH_DATABASE_URL must never drop a real desk.
    """
    name = conninfo_to_dict(url).get("dbname") or ""
    if "bench" not in name:
        raise SystemExit(f"refusing to drop database {name!r}: its name must contain 'bench'")
    with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True) as conn:
        ident = sql.Identifier(name)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(ident))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(ident))
    return name


def key_space() -> dict[str, str]:
    """A Redis key prefix and Celery queue of this run only, so it never meets tests or a desk."""
    token = f"bench-{secrets.token_hex(4)}"
    return {"CACHE_KEY_PREFIX": token, "CELERY_KEY_PREFIX": f"{token}:", "CELERY_QUEUE": token}


def drop_redis_keys(url: str, prefix: str) -> int:
    """Delete this run's Redis keys (cache entries, queue, bindings); return how many."""
    client = redis.Redis.from_url(url)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        return client.delete(*keys) if keys else 0
    finally:
        client.close()


def service_env(db_url: str, redis: str, keys: dict[str, str]) -> dict[str, str]:
    """The environment of every child process."""
    env = dict(os.environ)
    env.update(keys)
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": db_url,
        "REDIS_URL": redis,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DEBUG": "0",
        # Production settings refuse to start without a key of their own and explicit hosts.
        "SECRET_KEY": env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": env.get("ALLOWED_HOSTS") or "127.0.0.1,localhost",
        # Per-request INFO logging would be measured as server work and fill the logs.
        "LOG_LEVEL": "WARNING",
        # The limits are counted (their cost is measured) but never refuse a measured call.
        "API_RATE_LIMIT_PER_MINUTE": env.get("API_RATE_LIMIT_PER_MINUTE") or "1000000000",
    })
    return env


def manage(root: Path, env: dict[str, str], *args: str) -> str:
    """Run `manage.py <args>`; return its output or exit with it on failure."""
    argv = [sys.executable, "manage.py", *args]
    done = subprocess.run(argv, cwd=root, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def create_agent(root: Path, env: dict[str, str], email: str, name: str) -> str:
    """Register an agent through the product's own command; return its API key."""
    key = f"bench-{secrets.token_hex(16)}"
    # Eager Celery here: the command projects its own account in-process instead of waiting
    # two seconds for a worker that is not started yet.
    manage(root, {**env, "CELERY_TASK_ALWAYS_EAGER": "1"}, "createagent", "--email", email,
           "--name", name, "--api-key", key)
    return key


def create_agents(root: Path, env: dict[str, str], agents: list[tuple[str, str]]) -> list[str]:
    """Create agents side by side (each command spends seconds starting Django); return keys."""
    with ThreadPoolExecutor(max_workers=len(agents)) as pool:
        return list(pool.map(lambda agent: create_agent(root, env, *agent), agents))


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on (for a server the bench starts)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def interrupt(signum, frame) -> None:
    """SIGTERM handler: the bench takes the same clean-up path as on Ctrl-C."""
    raise KeyboardInterrupt
