"""The torture test's projector processes: started, SIGKILLed at random and restarted."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection

from tests.support.processes import ROOT, database_url

MODULE = "tests.integration.projections.torture.projector"
# Batch sizes a (re)started projector picks from: small ones move checkpoints often (more
# moments to be killed at), the default one reads to the horizon in one go.
BATCH_SIZES = (3, 10, 40, 500)


@dataclass
class Kill:
    name: str
    # What the killed runner's backend was doing: in a transaction, and whether it had
    # written in it (a batch applied but not committed, which must then be applied again).
    in_transaction: bool
    had_written: bool


@dataclass
class Slot:
    index: int
    incarnation: int = 0
    process: subprocess.Popen | None = None

    @property
    def name(self) -> str:
        return f"torture-projector-{self.index}-{self.incarnation}"


@dataclass
class Projectors:
    """`count` projector processes over the test database, each projecting every partition."""

    count: int
    partitions: int
    workdir: Path
    rng: random.Random
    slots: list[Slot] = field(default_factory=list)
    kills: list[Kill] = field(default_factory=list)
    exits: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.slots = [Slot(i) for i in range(self.count)]
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url(connection.settings_dict),
            "REDIS_URL": settings.REDIS_URL,
            "CACHE_KEY_PREFIX": settings.CACHE_KEY_PREFIX,
            "PROJECTION_PARTITIONS": str(self.partitions),
            "LOG_LEVEL": "WARNING",
        }

    def start(self) -> None:
        for slot in self.slots:
            self._spawn(slot)

    def wait_until_connected(self, timeout: float = 60.0) -> None:
        """Return once every projector is up and has its database connection."""
        deadline = time.monotonic() + timeout
        while not all(slot.name in self._backends() for slot in self.slots):
            self._notice_exits()
            if time.monotonic() > deadline:
                raise TimeoutError(f"projectors did not connect in {timeout:.0f} s:\n"
                                   f"{self.logs()}")
            time.sleep(0.05)

    def _spawn(self, slot: Slot) -> None:
        slot.incarnation += 1
        log = open(self.workdir / f"projector-{slot.index}.log", "ab")  # noqa: SIM115
        env = {**self.env, "PROJECTOR_NAME": slot.name,
               "PROJECTOR_SEED": str(self.rng.getrandbits(32)),
               "PROJECTION_BATCH": str(self.rng.choice(BATCH_SIZES))}
        slot.process = subprocess.Popen([sys.executable, "-m", MODULE], cwd=ROOT, env=env,
                                        stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        log.close()

    def _backends(self) -> dict[str, tuple[bool, bool]]:
        """Each connected projector's (in a transaction, has written in it), by name."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT application_name, xact_start IS NOT NULL, backend_xid IS NOT NULL "
                "FROM pg_stat_activity WHERE application_name LIKE 'torture-projector-%%'")
            return {name: (in_tx, wrote) for name, in_tx, wrote in cursor.fetchall()}

    def kill_one(self, *, catch_writing: float = 0.0) -> Kill | None:
        """SIGKILL one projector that is up and connected, and restart it at once. With
        `catch_writing`, wait up to that many seconds for a moment when it has written in an
        open batch (its rows applied, its checkpoint not yet committed) and kill it then."""
        self._notice_exits()
        backends = self._backends()
        ready = [slot for slot in self.slots if slot.name in backends]
        if not ready:
            return None
        slot = self.rng.choice(ready)
        deadline = time.monotonic() + catch_writing
        while not backends.get(slot.name, (False, False))[1] and time.monotonic() < deadline:
            time.sleep(0.002)
            backends = self._backends()
        os.killpg(slot.process.pid, signal.SIGKILL)
        slot.process.wait(timeout=10)
        in_tx, wrote = backends.get(slot.name, (False, False))
        kill = Kill(slot.name, in_tx, wrote)
        self.kills.append(kill)
        self._spawn(slot)
        return kill

    def _notice_exits(self) -> None:
        """Restart any projector that ended by itself (and remember it: that is a failure)."""
        for slot in self.slots:
            code = slot.process.poll()
            if code is not None:
                self.exits.append(f"{slot.name} exited with {code}")
                self._spawn(slot)

    def ensure_running(self) -> None:
        self._notice_exits()

    def stop(self) -> None:
        """Stop every projector (SIGTERM lets it finish its batch; SIGKILL if it hangs)."""
        for slot in self.slots:
            if slot.process is not None and slot.process.poll() is None:
                os.killpg(slot.process.pid, signal.SIGTERM)
        for slot in self.slots:
            if slot.process is None:
                continue
            try:
                slot.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(slot.process.pid, signal.SIGKILL)
                slot.process.wait(timeout=5)

    def logs(self) -> str:
        return "\n".join((self.workdir / f"projector-{slot.index}.log").read_text(errors="replace")
                         for slot in self.slots
                         if (self.workdir / f"projector-{slot.index}.log").exists())
