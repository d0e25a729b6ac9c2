"""Helpers of the `make run` end-to-end test: a fresh checkout, a clean environment, the
running stack (one `make run` process group) and a scan for processes left behind."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Variables the test run (`make test`, `uv run`, pytest-django) may carry that `make run`
# must not see: a fresh clone is started from a shell with none of them.
SCRUBBED = ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "CACHE_KEY_PREFIX",
            "UV_PROJECT_ENVIRONMENT", "VIRTUAL_ENV", "PORT", "BASE_URL",
            "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "HTTPS_ONLY", "HSTS_SECONDS",
            "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")
SCRUBBED_PREFIXES = ("CELERY_",)
# No proxy may stand between the test and the stack on 127.0.0.1.
NO_PROXY_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def new_checkout_dir() -> Path:
    """A directory for the clone, outside pytest's tmp_path on purpose.

    Run as root, pgserver starts PostgreSQL as the user `pgserver` and opens the path to its
    data directory for it (chmod o+rx on every parent). pytest's /tmp/pytest-of-root is
    reset to 0700 by every pytest session that starts on the machine meanwhile, which then
    makes pg_ctl fail with "Permission denied"."""
    path = Path(tempfile.mkdtemp(prefix="shopnest-make-run-"))
    path.chmod(0o755)
    return path


def remove_checkout(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def copy_checkout(dest: Path) -> Path:
    """Copy the files a clone would have (tracked + untracked non-ignored: the code under
    test, not the last commit) into `dest`; no .venv, no .data."""
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        check=True, capture_output=True,
    ).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if not source.is_file():  # tracked but deleted in the working tree
            continue
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    return dest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_environment(port: int) -> dict[str, str]:
    """The test's environment minus every setting a fresh shell would not have.

    uv keeps its default (shared) cache, so `uv sync` in the copy builds the copy's own
    .venv from cached wheels in about a second."""
    env = {k: v for k, v in os.environ.items()
           if k not in SCRUBBED and not k.startswith(SCRUBBED_PREFIXES)}
    env["PORT"] = str(port)
    return env


@dataclass
class Response:
    status: int
    body: object
    headers: dict[str, str]


def http(method: str, url: str, *, key: str | None = None, body: object = None,
         timeout: float = 10.0, headers: dict[str, str] | None = None) -> Response:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if key is not None:
        token = base64.b64encode(f"{key}:X".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with NO_PROXY_OPENER.open(request, timeout=timeout) as answer:
            status, raw, headers = answer.status, answer.read(), dict(answer.headers)
    except urllib.error.HTTPError as error:
        status, raw, headers = error.code, error.read(), dict(error.headers)
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = raw.decode(errors="replace")
    return Response(status, parsed, headers)


class Stack:
    """One `make run` in `checkout`: its own process group, its output in a file."""

    def __init__(self, checkout: Path, port: int, log: Path):
        self.checkout, self.port, self.log_path = checkout, port, log
        self.base = f"http://127.0.0.1:{port}"
        self.started = time.monotonic()
        with open(log, "wb") as out:
            self.process = subprocess.Popen(
                ["make", "run"], cwd=checkout, env=clean_environment(port), stdout=out,
                stderr=subprocess.STDOUT, start_new_session=True)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def tail(self, lines: int = 80) -> str:
        return "\n".join(self.log().splitlines()[-lines:])

    def wait_healthy(self, timeout: float = 180.0) -> dict:
        deadline = self.started + timeout
        last = None
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"make run exited early:\n{self.tail()}"
            try:
                last = http("GET", self.base + "/healthz", timeout=5)
                if last.status == 200:
                    return last.body
            except OSError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"/healthz never answered 200 (last: {last}):\n{self.tail()}")

    def api_key(self) -> str:
        found = re.findall(r"API key:\s+(\S+)", self.log())
        assert len(found) == 1, f"expected one printed API key:\n{self.tail()}"
        return found[0]

    def interrupt(self, timeout: float = 60.0) -> float:
        """Ctrl-C: SIGINT to the whole foreground process group; return how long exit took."""
        began = time.monotonic()
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"make run still running {timeout}s after Ctrl-C:\n"
                                 f"{self.tail()}") from None
        return time.monotonic() - began


def processes_referring_to(path: Path) -> dict[int, str]:
    """Live processes whose command line or working directory mentions `path`."""
    needle, found = str(path), {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            try:
                cwd = os.readlink(entry / "cwd")
            except OSError:
                cwd = ""
        except OSError:  # gone meanwhile
            continue
        if needle + "/" in cmdline or cwd == needle or cwd.startswith(needle + "/"):
            found[int(entry.name)] = f"{cmdline.strip()} (cwd {cwd})"
    return found


def survivors(path: Path, grace: float = 5.0) -> dict[int, str]:
    """What still runs from `path` after `grace` seconds (a SIGKILLed pool child may take a
    moment to be gone; anything alive after that was left behind)."""
    deadline = time.monotonic() + grace
    while (left := processes_referring_to(path)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def kill_leftovers(path: Path) -> None:
    """After a failure, kill (by pid) what this test started and left running."""
    for pid in processes_referring_to(path):
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
