"""Start real gunicorn web processes on free ports, wired to the test database and key space."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

from tests.e2e.make_run_support import free_port, http
from tests.support.processes import ROOT, database_url


class GunicornProcess:
    """`gunicorn config.wsgi` as the desk starts it (its config file), with one worker unless
    told, in a process group of its own."""

    def __init__(self, *, database: dict, log: Path, workers: int = 1, **environment: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings",
               "DATABASE_URL": database_url(database), "REDIS_URL": settings.REDIS_URL,
               "CACHE_KEY_PREFIX": settings.CACHE_KEY_PREFIX, "DB_CONN_MAX_AGE": "0",
               **environment}
        with open(log, "wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "config.wsgi", "--config",
                 "python:config.gunicorn", "--bind", f"127.0.0.1:{self.port}",
                 "--workers", str(workers)],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn exited:\n{self.log()}"
            try:
                if http("GET", self.base + "/healthz/live", timeout=2).status == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise TimeoutError(f"gunicorn on {self.port} did not answer in {timeout}s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
