"""Integer id allocation for new aggregates (ticket 17, conversation 42, ...).

`nextval` may assign a transaction id, and the event append must stay the first write of the
command's transaction. Handlers run outside any transaction, so the sequence is normally read
on Django's connection in autocommit mode; a caller already inside a transaction gets a
separate autocommit connection instead.

`allocate_id` takes ids in blocks of SHOPNEST_ID_BLOCK per process and hands them out one by
one: a command then seldom pays a round trip for its id. Ids stay unique and, within one
process, increasing; across processes a later aggregate may have a smaller id, and a
process that stops leaves the rest of its block unused (a gap, as a rolled-back command
leaves one).
"""

from __future__ import annotations

import os
import re
import threading
from collections import deque

import psycopg
from django.conf import settings
from django.db import connection

_local = threading.local()
_SEQUENCE_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def _id_connection() -> psycopg.Connection:
    conn = getattr(_local, "conn", None)
    params = connection.get_connection_params()
    key = (os.getpid(), params.get("dbname"), params.get("host"), params.get("port"))
    if conn is None or conn.closed or getattr(_local, "key", None) != key:
        params = {k: v for k, v in params.items() if k not in {"cursor_factory", "context"}}
        conn = psycopg.connect(autocommit=True, **params)
        _local.conn, _local.key = conn, key
    return conn


def close() -> None:
    """Close this thread's side connection, if it has one."""
    conn = getattr(_local, "conn", None)
    if conn is not None and not conn.closed:
        conn.close()
    _local.conn = None


def allocate_ids(sequence: str, count: int = 1) -> list[int]:
    """Return `count` fresh ids from the named sequence (gaps are possible, reuse is not)."""
    if not _SEQUENCE_NAME.match(sequence):
        raise ValueError(f"bad sequence name {sequence!r}")
    if not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT nextval('{sequence}') FROM generate_series(1, %s)", [count])
            return [r[0] for r in cursor.fetchall()]
    try:
        rows = _id_connection().execute(
            f"SELECT nextval('{sequence}') FROM generate_series(1, %s)", [count]
        ).fetchall()
    except psycopg.OperationalError:
        _local.conn = None
        rows = _id_connection().execute(
            f"SELECT nextval('{sequence}') FROM generate_series(1, %s)", [count]
        ).fetchall()
    return [r[0] for r in rows]


# (process, database, sequence) -> the rest of the block this process took.
_blocks: dict[tuple, deque[int]] = {}
_blocks_lock = threading.Lock()


def allocate_id(sequence: str) -> int:
    size = getattr(settings, "SHOPNEST_ID_BLOCK", 1)
    if size <= 1:
        return allocate_ids(sequence, 1)[0]
    params = connection.settings_dict
    key = (os.getpid(), params.get("NAME"), params.get("HOST"), params.get("PORT"), sequence)
    # Held while a block is taken too: each block is then above the last, and the ids this
    # process hands out increase (threads taking blocks side by side would interleave).
    with _blocks_lock:
        block = _blocks.get(key)
        if not block:
            block = _blocks[key] = deque(allocate_ids(sequence, size))
        return block.popleft()
