"""Throwaway PostgreSQL clusters made with the installed server binaries (initdb, pg_ctl,
pg_resetwal, pg_dump, pg_restore), each in a directory of its own on a free port.

initdb, pg_ctl and pg_resetwal refuse to run as root. Run as root (as CI is), they run as
the `postgres` system user that Debian's server packages create, which owns the clusters'
directories; client programs (pg_dump, pg_restore, psql) need no such care.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
from pathlib import Path

POSTGRES_LIBS = Path("/usr/lib/postgresql")
SERVER_OWNER = "postgres"


def server_bindir() -> Path:
    """The newest installed server's binaries (all of a test's clusters use the same)."""
    found = sorted((p.parent for p in POSTGRES_LIBS.glob("*/bin/initdb")),
                   key=lambda bindir: int(bindir.parent.name))
    if not found:
        raise RuntimeError(f"no PostgreSQL server binaries under {POSTGRES_LIBS}/*/bin")
    return found[-1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """One cluster under `directory`: created by init(), served by start(), ended by stop()."""

    def __init__(self, directory: Path, bindir: Path):
        self.directory = directory
        self.data = directory / "data"
        self.bindir = bindir
        self.port = _free_port()
        self._as_owner: list[str] = []
        self._running = False
        if os.geteuid() == 0:
            owner = pwd.getpwnam(SERVER_OWNER)
            self._as_owner = ["setpriv", f"--reuid={owner.pw_uid}", f"--regid={owner.pw_gid}",
                              "--init-groups", "--"]
            directory.mkdir(parents=True, exist_ok=True)
            shutil.chown(directory, owner.pw_uid, owner.pw_gid)

    def _server_tool(self, tool: str, *args: str) -> str:
        done = subprocess.run([*self._as_owner, str(self.bindir / tool), *args],
                              capture_output=True, text=True, timeout=60, cwd=self.directory)
        if done.returncode != 0:
            raise RuntimeError(f"{tool} {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def client_tool(self, tool: str, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.bindir / tool), "-h", "127.0.0.1", "-p", str(self.port),
                               "-U", "postgres", *args],
                              capture_output=True, text=True, timeout=60)

    def init(self) -> None:
        self._server_tool("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                          "-E", "UTF8", "--no-sync")

    def resetwal(self, *args: str) -> str:
        return self._server_tool("pg_resetwal", *args, "-D", str(self.data))

    def controldata(self) -> str:
        return self._server_tool("pg_controldata", "-D", str(self.data))

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off")
        self._running = True  # from here on stop() must run, even if start fails half-way
        self._server_tool("pg_ctl", "-D", str(self.data), "-l", str(self.directory / "log"),
                          "-o", options, "-w", "-t", "30", "start")

    def stop(self) -> None:
        """Stop the server if it runs (fast; immediate when a fast stop does not end it)."""
        if self._running and (self.data / "postmaster.pid").exists():
            try:
                self._server_tool("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "20",
                                  "stop")
            except RuntimeError:
                self._server_tool("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w",
                                  "stop")
        self._running = False

    def log(self) -> str:
        path = self.directory / "log"
        return path.read_text(errors="replace") if path.exists() else ""

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, database: str, query: str) -> str:
        done = self.client_tool("psql", "-d", database, "-XAt", "-v", "ON_ERROR_STOP=1",
                                "-c", query)
        if done.returncode != 0:
            raise RuntimeError(f"psql failed: {done.stderr}")
        return done.stdout.strip()
