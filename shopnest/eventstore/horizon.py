"""The read horizon: below which transaction id every appender has ended.

A commit-safe reader reads only events of transactions below the horizon, so nothing can
later appear behind what it read. The horizon depends only on transactions that append to
the event store: every `es_append` first takes a shared advisory lock in a key space of its
own (APPENDERS_LOCK), before its transaction id is assigned (the append is the first write of
its transaction). A reader then:

1. notes `pg_snapshot_xmax` of a fresh snapshot, one past the latest completed id: every
   id below it is assigned already, every id assigned later is at or above it (and ids of
   transactions still running may be above it too);
2. collects the holders of that lock from `pg_locks`, and their transaction ids from the
   process array (`pg_stat_activity.backend_xid`, read afresh);
3. only then reads events, below the least of those.

Why the order is safe: an appender that gets its id after step 1 gets one at or above the
noted id; one that had its id before step 1 either still holds the lock at step 2 (and bounds
the horizon) or has ended, so the read in step 3 sees its commit. A transaction that never
appends holds no such lock and bounds nothing, whatever database it runs in and however long
it stays open.

Why the process array and not the holders' locks on their own transaction ids: a backend
publishes its new id in the process array (where snapshots, and so step 1, see it) first and
takes the lock on it a moment later. An appender descheduled in between holds an id below
the noted one with no lock on it yet in `pg_locks`, and would bound nothing.
"""

from __future__ import annotations

from django.db import connection

# pg_advisory_xact_lock_shared(int4, int4): the two-key form is a key space of its own
# (objsubid 2 in pg_locks), apart from the per-stream locks' one-key form.
APPENDERS_LOCK = (1397247557, 1)  # "SHNE", appenders
_XID_SPAN = 1 << 32


# Steps 1 and 2 in one round trip: es_read_horizon (migration shopnest/0012, HORIZON_FUNCTION
# below) runs them in order and returns the noted id followed by the holders' 32-bit ids.
# A statement may select it beside other work (the runner's locks: runner.py).
HORIZON_SQL = "es_read_horizon(%s, %s)"
HORIZON_PARAMS = APPENDERS_LOCK


def appenders_horizon() -> int:
    """Return the transaction id below which every appending transaction has ended."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {HORIZON_SQL}", HORIZON_PARAMS)
        (parts,) = cursor.fetchone()
    return horizon_of(parts)


def horizon_of(parts: list[int]) -> int:
    """The horizon from what es_read_horizon returned."""
    next_xid, *held = parts
    return min([next_xid, *(_widen(xid, next_xid) for xid in held)])


HORIZON_FUNCTION = """
CREATE OR REPLACE FUNCTION es_read_horizon(lock_class int, lock_object int) RETURNS bigint[]
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    next_xid bigint;
BEGIN
    -- Step 1. Each statement of a volatile function takes a fresh snapshot.
    next_xid := pg_snapshot_xmax(pg_current_snapshot())::text::bigint;
    -- Drop this transaction's copy of the backends' states, so step 2 reads them now.
    PERFORM pg_stat_clear_snapshot();
    -- Step 2: the holders' locks and their ids, read in whichever order: both reads follow
    -- step 1, so an id either is there or is assigned later (at or above the noted one).
    RETURN next_xid || ARRAY(
        SELECT a.backend_xid::text::bigint FROM pg_locks l
        JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.classid = lock_class AND l.objid = lock_object AND l.objsubid = 2
          AND a.backend_xid IS NOT NULL);
END
$$;
"""


def _widen(xid: int, next_xid: int) -> int:
    """A 32-bit transaction id as the 64-bit one it is, given the noted next id (the process
    array shows 32 bits). The noted id is the snapshot's xmax, one past the latest *completed*
    id, so a running holder's id may be above it as well as below; either way it is within
    2^31 of it, and the nearest 64-bit id with those low 32 bits is the one."""
    wide = (next_xid & ~(_XID_SPAN - 1)) | xid
    if wide > next_xid + _XID_SPAN // 2:
        return wide - _XID_SPAN
    if wide < next_xid - _XID_SPAN // 2:
        return wide + _XID_SPAN
    return wide


def oldest_appender_age() -> float:
    """Seconds the oldest transaction holding the appenders' lock has been open (0: none)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(extract(epoch FROM max(now() - a.xact_start)), 0) "
            "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s AND l.objid = %s "
            "AND l.objsubid = 2 AND l.pid <> pg_backend_pid()",
            list(APPENDERS_LOCK),
        )
        return float(cursor.fetchone()[0])
