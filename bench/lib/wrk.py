"""Drive `wrk` (Debian's package): an HTTP load generator in its own process, written in C, so
the load costs the server's cores as little as a load can on one machine.

Each run uses one of the Lua scripts in bench/wrk/, which print wrk's summary as one JSON line
(report.lua); this module runs wrk and returns that line as figures.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent.parent / "wrk"


@dataclass(frozen=True)
class WrkRun:
    """One wrk run: throughput of good answers, and latency percentiles in milliseconds."""

    name: str
    requests: int
    errors: int
    seconds: float
    p50: float
    p90: float
    p99: float
    max: float

    @property
    def ok_per_s(self) -> float:
        return (self.requests - self.errors) / self.seconds

    def as_dict(self) -> dict:
        return {"name": self.name, "requests": self.requests, "errors": self.errors,
                "seconds": self.seconds, "ok_per_s": self.ok_per_s, "p50_ms": self.p50,
                "p90_ms": self.p90, "p99_ms": self.p99, "max_ms": self.max}


def basic_auth(api_key: str) -> str:
    return "Basic " + base64.b64encode(f"{api_key}:X".encode()).decode()


def require_wrk() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    return found


def run(name: str, script: str, base_url: str, *, seconds: float, connections: int,
        threads: int = 2, env: dict[str, str] | None = None) -> WrkRun:
    """Run bench/wrk/<script>.lua against `base_url`; `env` reaches the script (WRK_*)."""
    argv = [require_wrk(), "-t", str(threads), "-c", str(connections), "-d", f"{seconds:g}s",
            "--timeout", "30s", "-s", str(SCRIPTS / f"{script}.lua"), base_url]
    done = subprocess.run(argv, env={**os.environ, **(env or {})}, capture_output=True,
                          text=True, timeout=seconds + 60)
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRK_JSON ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    figures = json.loads(line.removeprefix("WRK_JSON "))
    ms = 1000.0
    return WrkRun(name=name, requests=figures["requests"], errors=figures["errors"],
                  seconds=figures["duration_us"] / 1e6, p50=figures["p50"] / ms,
                  p90=figures["p90"] / ms, p99=figures["p99"] / ms, max=figures["max"] / ms)
