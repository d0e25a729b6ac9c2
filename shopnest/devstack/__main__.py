"""Entry point of `make run` (python -m shopnest.devstack)."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from pathlib import Path

from shopnest.devstack import secret_key
from shopnest.devstack.embedded import start_postgres, start_redis
from shopnest.devstack.supervisor import Supervisor

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / ".data"


class Stop(Exception):
    """Raised by the signal handler to unwind into the clean shutdown."""


def _raise_stop(signum, frame) -> None:
    raise Stop(signal.Signals(signum).name)


def django_environment(environ: dict[str, str], data: Path) -> dict[str, str]:
    """`environ` plus what the settings require outside DEBUG, unless it already says: the
    key kept under `data` (generated on first start), the hosts gunicorn is bound to, and
    the metrics directory every process counts into (emptied for this run)."""
    env = dict(environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    env.setdefault("PYTHONUNBUFFERED", "1")
    if not env.get("SECRET_KEY"):
        env["SECRET_KEY"] = secret_key.load_or_create(data / "secret-key")
    if not env.get("ALLOWED_HOSTS"):
        env["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    if not env.get("PROMETHEUS_MULTIPROC_DIR"):
        env["PROMETHEUS_MULTIPROC_DIR"] = str(fresh_metrics_directory(data / "metrics"))
    return env


def fresh_metrics_directory(path: Path) -> Path:
    """Empty `path` of the files of an earlier run's processes (prometheus_client's advice:
    every process of the machine starts here, so none is still writing) and return it."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def _environment(embedded: list) -> dict[str, str]:
    env = django_environment(dict(os.environ), DATA)
    if not env.get("DATABASE_URL"):
        server = start_postgres(DATA / "postgres")
        embedded.append(server)
        env["DATABASE_URL"] = server.url
    if not env.get("REDIS_URL"):
        server = start_redis(DATA / "redis")
        embedded.append(server)
        env["REDIS_URL"] = server.url
    return env


def _processes(port: str) -> dict[str, list[str]]:
    python = sys.executable
    return {
        "web": [python, "-m", "gunicorn", "config.wsgi", "--config", "python:config.gunicorn",
                "--bind", f"127.0.0.1:{port}",
                "--workers", os.environ.get("WEB_WORKERS", "2"), "--threads", "4",
                "--access-logfile", "-", "--no-control-socket"],
        "worker": [python, "-m", "celery", "-A", "config", "worker", "--loglevel", "INFO",
                   "--concurrency", os.environ.get("WORKER_CONCURRENCY", "2")],
        "beat": [python, "-m", "celery", "-A", "config", "beat", "--loglevel", "INFO",
                 "--schedule", str(DATA / "celerybeat-schedule")],
    }


def main() -> int:
    DATA.mkdir(exist_ok=True)
    signal.signal(signal.SIGINT, _raise_stop)
    signal.signal(signal.SIGTERM, _raise_stop)
    embedded: list = []
    supervisor = None
    port = os.environ.get("PORT", "8000")
    try:
        env = _environment(embedded)
        supervisor = Supervisor(env=env, cwd=str(ROOT))
        supervisor.say("run", "database: " + ("embedded" if embedded else env["DATABASE_URL"]))
        supervisor.run_once("migrate", [sys.executable, "manage.py", "migrate", "--noinput"])
        supervisor.run_once("setup", [sys.executable, "manage.py", "demo_agent",
                                      "--credentials", str(DATA / "demo-credentials.json"),
                                      "--base-url", f"http://127.0.0.1:{port}"])
        for name, args in _processes(port).items():
            supervisor.start(name, args)
        while (exited := supervisor.first_exit()) is None:
            time.sleep(0.5)
        supervisor.say("run", f"{exited} exited; stopping everything")
        return 1
    except Stop as stop:
        if supervisor:
            supervisor.say("run", f"{stop} received; stopping")
        return 0
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if supervisor:
            supervisor.stop_all()
        for server in reversed(embedded):
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
