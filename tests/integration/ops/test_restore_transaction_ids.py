"""A logical restore into a new cluster keeps appends and projections working only when the
new cluster was prepared with the pg_resetwal settings that check_transaction_ids prints.

Real clusters throughout: a source desk whose transaction ids are in epoch 2 (a desk that
has run for billions of transactions), dumped with pg_dump; a new cluster restored as is
(the check fails, /healthz says so, a note on an existing ticket is refused and a new ticket
never reaches the read table); a new cluster prepared with the printed pg_resetwal settings
(the check passes, the note is taken and the new ticket is projected)."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
import redis

from tests.support.pg_cluster import Cluster, server_bindir

from .django_process import answers, manage, production_environment

DATABASE = "desk"
# The source's first id: epoch 2, xid 0x5000000 (a pg_xact segment's first id, as
# pg_resetwal requires, and well below the age that forces an anti-wraparound vacuum).
SOURCE_EPOCH, SOURCE_XID = 2, 0x5000000
REMEDY = re.compile(r"pg_resetwal -e (\d+) -x (0x[0-9a-f]+) -D")


@pytest.fixture
def clean_state():
    """The test database is not used: every cluster here is the test's own."""
    yield


@pytest.fixture
def key_prefix():
    prefix = f"restore-{uuid.uuid4().hex[:10]}"
    yield prefix
    client = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture
def new_cluster():
    """Make clusters under one temporary directory; stop them all and remove it, whatever
    the test's outcome."""
    base = Path(tempfile.mkdtemp(prefix="shopnest-restore-"))
    base.chmod(0o755)  # the clusters' owner must reach their directories
    made: list[Cluster] = []
    bindir = server_bindir()

    def make(name: str) -> Cluster:
        cluster = Cluster(base / name, bindir)
        made.append(cluster)
        return cluster

    try:
        yield make
    finally:
        for cluster in made:
            cluster.stop()
        shutil.rmtree(base, ignore_errors=True)


def _environment(cluster: Cluster, key_prefix: str) -> dict[str, str]:
    # Eager tasks: the on-commit kicks project in the process itself and leave nothing in
    # the shared broker.
    return production_environment(DATABASE_URL=cluster.url(DATABASE), CACHE_KEY_PREFIX=key_prefix,
                                  CELERY_TASK_ALWAYS_EAGER="1", DB_CONN_MAX_AGE="0")


def _ok(done) -> str:
    assert done.returncode == 0, f"{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def _restore(cluster: Cluster, dump: Path) -> None:
    _ok(cluster.client_tool("pg_restore", "--create", "--exit-on-error", "-d", "postgres",
                            str(dump)))


def _write_after_restore(environment: dict[str, str]) -> dict:
    done = manage(environment, "shell", "-c", "from tests.integration.ops.restored_desk "
                  "import write_after_restore; write_after_restore()")
    return json.loads(_ok(done).strip().splitlines()[-1])


def _healthz_transaction_ids(environment: dict[str, str]) -> dict:
    (answer,) = answers(environment, [{"method": "GET", "path": "/healthz",
                                       "headers": {"Host": "desk.shopnest.example"}}])
    return answer.json()["transaction_ids"]


def _ticket_rows(cluster: Cluster, ticket_id: int) -> int:
    return int(cluster.sql(DATABASE, f"SELECT count(*) FROM tickets_ticket_view "
                                     f"WHERE id = {int(ticket_id)}"))


def _source_dump(new_cluster, key_prefix: str) -> tuple[Path, int, str]:
    """Build a desk in a cluster whose ids are in epoch 2; return its dump, its highest
    event tx and the check's output there."""
    source = new_cluster("source")
    source.init()
    source.resetwal("-e", str(SOURCE_EPOCH), "-x", hex(SOURCE_XID))
    source.start()
    source.sql("postgres", f"CREATE DATABASE {DATABASE}")
    environment = _environment(source, key_prefix)
    _ok(manage(environment, "migrate", "-v", "0"))
    _ok(manage(environment, "seed_demo", "--tickets", "2"))
    # Every partition of every projection caught up to the source's horizon, as the beat's
    # sweep leaves a running desk: the unprepared restore's new ticket then falls below
    # every checkpoint, whichever partition its id puts it in (ids come in blocks).
    _ok(manage(environment, "shell", "-c", "from shopnest.projections import registry, "
               "runner; [runner.sweep(p) for p in registry.all_projections()]"))
    checked = _ok(manage(environment, "check_transaction_ids"))
    highest = int(source.sql(DATABASE, "SELECT max(tx)::text FROM es_events"))
    dump = source.directory.parent / "desk.dump"
    _ok(source.client_tool("pg_dump", "-Fc", "-f", str(dump), DATABASE))
    source.stop()
    return dump, highest, checked


def test_a_restore_into_a_new_cluster_works_only_once_prepared_with_the_printed_settings(
        new_cluster, key_prefix):
    dump, source_highest, source_check = _source_dump(new_cluster, key_prefix)
    assert source_highest >> 32 == SOURCE_EPOCH
    assert "OK" in source_check and REMEDY.search(source_check), source_check

    # Restored as is: the new cluster's ids start near 0, below every stored one.
    plain = new_cluster("plain")
    plain.init()
    plain.start()
    _restore(plain, dump)
    environment = _environment(plain, key_prefix)
    failed = manage(environment, "check_transaction_ids")
    assert failed.returncode != 0, failed.stdout
    assert "is not above the event store's highest" in failed.stdout, failed.stdout
    epoch, xid = (int(REMEDY.search(failed.stdout).group(1)),
                  int(REMEDY.search(failed.stdout).group(2), 16))
    assert (epoch << 32 | xid) > source_highest
    health = _healthz_transaction_ids(environment)
    assert health["ok"] is False and "not above" in health["error"], health
    broken = _write_after_restore(environment)
    assert "note_refused" in broken, broken
    assert broken["new_ticket_tx"] < source_highest
    assert _ticket_rows(plain, broken["new_ticket"]) == 0  # passed over by the projection
    plain.stop()

    # Prepared with the printed settings before the restore.
    prepared = new_cluster("prepared")
    prepared.init()
    prepared.resetwal("-e", str(epoch), "-x", hex(xid))
    prepared.start()
    assert re.search(rf"NextXID:\s+{epoch}:{xid}\n", prepared.controldata())
    _restore(prepared, dump)
    environment = _environment(prepared, key_prefix)
    passed = _ok(manage(environment, "check_transaction_ids"))
    assert "OK" in passed, passed
    assert _healthz_transaction_ids(environment)["ok"] is True
    written = _write_after_restore(environment)
    assert "note_refused" not in written, written
    assert written["note_tx"] > source_highest and written["new_ticket_tx"] > source_highest
    assert _ticket_rows(prepared, written["new_ticket"]) == 1
    noted = written["noted_ticket"]
    row_version, stream_version = prepared.sql(DATABASE, (
        f"SELECT (SELECT version FROM tickets_ticket_view WHERE id = {int(noted)}), "
        f"(SELECT version FROM es_streams WHERE stream_id = 'ticket-{int(noted)}')")).split("|")
    assert row_version == stream_version  # the note is projected too
    assert "WARNING" not in prepared.log(), prepared.log()
