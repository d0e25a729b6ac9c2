"""Start real Celery worker and beat processes wired to the test database and key space."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings

from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def database_url(settings_dict: dict) -> str:
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    user = settings_dict.get("USER") or "postgres"
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else f"{user}@"
    return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"


class CeleryProcesses:
    """A worker (and optionally beat) on a queue of their own, killed without leftovers."""

    def __init__(self, *, database: dict, workdir: Path):
        self.queue = f"e2e-{uuid.uuid4().hex[:10]}"
        self.workdir = workdir
        self.children: list[subprocess.Popen] = []
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url(database),
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_QUEUE": self.queue,
            "CACHE_KEY_PREFIX": settings.CACHE_KEY_PREFIX,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "PROJECTION_SWEEP_SECONDS": "0.5",
            "DB_CONN_MAX_AGE": "0",
        }
        self._saved = {}

    def route_this_process_to_worker(self) -> None:
        """Send this process's tasks to the broker (not eagerly), on the worker's queue."""
        self._saved = {"eager": celery_app.conf.task_always_eager,
                       "queue": celery_app.conf.task_default_queue}
        celery_app.conf.task_always_eager = False
        celery_app.conf.task_default_queue = self.queue

    def restore_this_process(self) -> None:
        celery_app.conf.task_always_eager = self._saved["eager"]
        celery_app.conf.task_default_queue = self._saved["queue"]

    def _spawn(self, *args: str, log_name: str) -> subprocess.Popen:
        log = open(self.workdir / log_name, "wb")  # noqa: SIM115 (closed with the process)
        child = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", *args],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.children.append(child)
        return child

    def start_worker(self) -> None:
        self._spawn("worker", "-Q", self.queue, "--concurrency", "2", "--loglevel", "INFO",
                    "--without-gossip", "--without-mingle", "--without-heartbeat",
                    log_name="worker.log")
        self._wait_for_log("worker.log", "ready.")

    def start_beat(self) -> None:
        self._spawn("beat", "--loglevel", "INFO", "--schedule", str(self.workdir / "beat-schedule"),
                    log_name="beat.log")

    def log(self, name: str) -> str:
        path = self.workdir / name
        return path.read_text(errors="replace") if path.exists() else ""

    def _wait_for_log(self, name: str, marker: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if marker in self.log(name):
                return
            if any(child.poll() is not None for child in self.children):
                raise RuntimeError(f"a Celery process exited early:\n{self.log(name)}")
            time.sleep(0.1)
        raise TimeoutError(f"{name} did not say {marker!r} in {timeout}s:\n{self.log(name)}")

    def stop(self) -> None:
        """Stop every child's whole process group (the worker's pool processes included)."""
        for child in self.children:
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGTERM)
        for child in self.children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait(timeout=5)
        self.children.clear()
