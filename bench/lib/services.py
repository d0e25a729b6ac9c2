"""Run the service's processes (gunicorn, Celery worker, Celery beat) and always stop them.

Each child is started in a session of its own, so that one signal to its process group reaches
the whole tree (gunicorn's and Celery's forked workers included) and a Ctrl-C in the terminal
reaches only the bench, which then shuts the children down in order instead of racing them.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

PR_SET_PDEATHSIG = 1
try:
    _LIBC = ctypes.CDLL("libc.so.6", use_errno=True)
except OSError:  # not Linux: no parent-death signal, the try/finally still stops children
    _LIBC = None


def _die_with_parent() -> None:
    # Runs in the child before exec: if the bench itself is killed (even with SIGKILL, when no
    # finally block can run), the kernel sends this child SIGTERM so nothing is left behind.
    if _LIBC is not None:
        _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class Child:
    name: str
    argv: list[str]
    popen: subprocess.Popen
    log_path: Path

    def log_tail(self, lines: int = 30) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def _problem_lines(path: Path) -> int:
    if not path.exists():
        return 0
    # Not WARNING: Django logs every 4xx (the 401 baseline, a 409) as a warning.
    markers = ("ERROR", "CRITICAL", "Traceback")
    return sum(1 for line in path.read_text(errors="replace").splitlines()
               if any(marker in line for marker in markers))


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a process exists in the group (owned by someone else)
        return True
    return True


def _signal_group(child: Child, sig: signal.Signals) -> None:
    try:
        os.killpg(child.popen.pid, sig)
    except ProcessLookupError:
        pass


class ServiceGroup:
    """The children of one bench run; a context manager that stops them all on exit."""

    def __init__(self, cwd: Path, env: dict[str, str], log_dir: Path):
        self.cwd, self.env, self.log_dir = cwd, env, log_dir
        self.children: list[Child] = []  # still to be stopped
        self._started: list[Child] = []  # every child ever started (for its log)

    def __enter__(self) -> ServiceGroup:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop_all()

    def start(self, name: str, argv: list[str]) -> Child:
        log_path = self.log_dir / f"{name}.log"
        with open(log_path, "wb") as log:
            popen = subprocess.Popen(
                argv, cwd=self.cwd, env=self.env, stdin=subprocess.DEVNULL, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=_die_with_parent,
            )
        child = Child(name, argv, popen, log_path)
        self.children.append(child)
        self._started.append(child)
        return child

    def check_alive(self) -> None:
        """Fail loudly, with the child's log, if any child has exited."""
        for child in self.children:
            code = child.popen.poll()
            if code is not None:
                raise RuntimeError(
                    f"{child.name} exited with code {code}; last lines of its log:\n"
                    f"{child.log_tail()}")

    def stop_all(self, grace: float = 10.0) -> None:
        """SIGTERM every child, wait up to `grace` seconds for its process group to end, then
        SIGKILL what is left. The child alone, not its group: gunicorn and Celery then shut
        down as deployed (a Celery worker lets its running task finish, a lingering projection
        run among them), rather than each process being cut off where it stands."""
        for child in self.children:
            try:
                child.popen.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + grace
        for child in self.children:
            self._wait_group(child, deadline)
        for child in self.children:
            if _group_alive(child.popen.pid):
                print(f"  {child.name} ignored SIGTERM for {grace:.0f} s: SIGKILL")
                _signal_group(child, signal.SIGKILL)
                self._wait_group(child, time.monotonic() + 5.0)
        self.children.clear()

    @staticmethod
    def _wait_group(child: Child, deadline: float) -> None:
        # The leader is our child (reap it); its forked workers are not, so poll the group.
        try:
            child.popen.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            return
        while _group_alive(child.popen.pid) and time.monotonic() < deadline:
            time.sleep(0.05)

    def log_problems(self) -> dict[str, int]:
        """Per child, how many log lines report an error (or a traceback)."""
        return {child.name: _problem_lines(child.log_path) for child in self._started}

    def keep_logs(self, directory: Path) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        for child in self._started:
            shutil.copy(child.log_path, directory / child.log_path.name)
        return directory

    def wait_http(self, url: str, timeout: float = 30.0) -> None:
        """Wait until `url` answers with any HTTP status (the server is accepting requests)."""
        deadline = time.monotonic() + timeout
        while True:
            self.check_alive()
            try:
                httpx.get(url, timeout=2.0)
                return
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s") from None
                time.sleep(0.1)
