"""Run child processes with prefixed, interleaved output, and stop them all together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field

COLOURS = ("\033[36m", "\033[35m", "\033[33m", "\033[32m", "\033[34m")
RESET = "\033[0m"


@dataclass
class Supervisor:
    env: dict[str, str]
    cwd: str
    children: dict[str, subprocess.Popen] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def say(self, name: str, line: str) -> None:
        width = max([len(n) for n in self.children] + [len(name), 6])
        colour = COLOURS[hash(name) % len(COLOURS)] if sys.stdout.isatty() else ""
        reset = RESET if colour else ""
        with self._lock:
            sys.stdout.write(f"{colour}{name.ljust(width)} |{reset} {line}\n")
            sys.stdout.flush()

    def run_once(self, name: str, args: list[str]) -> None:
        """Run a step to completion (migrations, bootstrap), streaming its output."""
        child = self._spawn(name, args)
        if child.wait() != 0:
            raise RuntimeError(f"{name} failed with exit code {child.returncode}")
        self.children.pop(name, None)

    def start(self, name: str, args: list[str]) -> subprocess.Popen:
        return self._spawn(name, args)

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        # Each child leads its own process group, so stopping it stops its workers too.
        child = subprocess.Popen(args, cwd=self.cwd, env=self.env, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, start_new_session=True)
        self.children[name] = child
        threading.Thread(target=self._pump, args=(name, child), daemon=True).start()
        return child

    def _pump(self, name: str, child: subprocess.Popen) -> None:
        for raw in iter(child.stdout.readline, b""):
            self.say(name, raw.decode(errors="replace").rstrip())
        child.stdout.close()

    def first_exit(self) -> str | None:
        """Return the name of a child that has exited, if any."""
        return next((n for n, c in self.children.items() if c.poll() is not None), None)

    def stop_all(self, timeout: float = 20.0) -> None:
        """SIGTERM every child's process group, then SIGKILL whatever is left."""
        for child in self.children.values():
            _signal_group(child, signal.SIGTERM)
        for child in self.children.values():
            try:
                child.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                _signal_group(child, signal.SIGKILL)
                child.wait(timeout=5)
            # Pool processes of a worker can outlive their parent for a moment.
            _signal_group(child, signal.SIGKILL)


def _signal_group(child: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(child.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass
