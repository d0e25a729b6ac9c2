"""check_transaction_ids on the test database: a healthy cluster passes and is told the
pg_resetwal settings for a new one; rows carrying ids above the cluster's next one (what a
logical restore into a new cluster leaves) fail it, whether events or checkpoints; --advance
commits empty transactions until the cluster's ids are past them.

The restored rows are written here with SQL, as pg_restore writes them: events of another
cluster, with that cluster's transaction ids."""

from __future__ import annotations

import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from shopnest.eventstore.resetwal import DEFAULT_MARGIN, settings_above
from shopnest.eventstore.transaction_ids import read_transaction_ids

from .helpers import append, new_event, stream_name


def _next_xid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")
        return cursor.fetchone()[0]


def _restored_event(tx: int) -> None:
    stream = stream_name()
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO es_streams (stream_id, stream_type, version, last_tx) "
                       "VALUES (%s, 'test', 1, %s::text::xid8)", [stream, str(tx)])
        cursor.execute("INSERT INTO es_events (tx, stream_id, version, event_id, type, data) "
                       "VALUES (%s::text::xid8, %s, 1, %s, 'Opened', '{}')",
                       [str(tx), stream, uuid.uuid4()])


def _check(*args: str) -> str:
    out = StringIO()
    call_command("check_transaction_ids", *args, stdout=out)
    return out.getvalue()


def test_a_cluster_that_wrote_its_own_events_passes_and_is_told_the_settings_for_a_new_one():
    append(stream_name(), 0, new_event("Opened", n=1))

    ids = read_transaction_ids()
    printed = _check("--pgdata", "/srv/pg/new")

    assert ids.ok and ids.highest_event_tx < ids.next_xid
    expected = settings_above(max(ids.highest, ids.next_xid), margin=DEFAULT_MARGIN)
    assert "OK" in printed
    assert f"pg_resetwal -e {expected.epoch} -x 0x100000 -D /srv/pg/new" in printed


def test_events_with_ids_above_the_next_one_fail_the_check_and_it_prints_the_remedy():
    restored = (5 << 32) + 4_000_000
    _restored_event(restored)
    out = StringIO()

    with pytest.raises(CommandError, match="not above the event store's"):
        call_command("check_transaction_ids", stdout=out)

    assert not read_transaction_ids().ok
    assert f"highest event tx {restored} (epoch 5, xid 4000000)" in out.getvalue()
    assert "pg_resetwal -e 6 -x 0x100000" in out.getvalue()


def test_a_checkpoint_above_the_next_id_fails_the_check_though_no_event_is():
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO shopnest_projection_state (name, tx, position, status, "
                       "failures, last_error, updated_at) VALUES ('tickets', %s, 0, 'running', "
                       "0, '', now())", [(3 << 32) + 7])

    ids = read_transaction_ids()

    assert ids.highest_event_tx is None and not ids.ok
    with pytest.raises(CommandError):
        _check()


def test_advance_commits_empty_transactions_until_the_next_id_is_above_the_stores():
    restored = _next_xid() + 150_000
    _restored_event(restored)

    printed = _check("--advance")

    assert "OK" in printed
    assert _next_xid() > restored
