"""Whether this cluster's next transaction id is above every id the event store holds.

Events carry their appender's 64-bit transaction id and readers follow `(tx, position)`, so
the store works only while new transactions get ids above the stored ones. A cluster keeps
its ids through a physical restore (pg_basebackup, point-in-time recovery) and pg_upgrade;
a logical restore (pg_dump into a new cluster) does not: the new cluster starts near 0. Its
appends would then get ids below the projections' checkpoints (never projected) and below
their streams' last ids (refused as SNTX1). docs/operations.md has the procedure.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from shopnest.eventstore.resetwal import split

# One statement, one snapshot: its xmax is above every id it sees committed, so a healthy
# cluster never reads as behind. Checkpoints are (tx, position) pairs written by the runner.
_READ = """
SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint,
       (SELECT max(tx) FROM es_events)::text::bigint,
       (SELECT max(tx) FROM shopnest_projection_state)
"""


@dataclass(frozen=True)
class TransactionIds:
    next_xid: int
    highest_event_tx: int | None
    highest_checkpoint_tx: int | None

    @property
    def highest(self) -> int:
        """The highest transaction id the store and its checkpoints hold (0: none)."""
        return max(self.highest_event_tx or 0, self.highest_checkpoint_tx or 0)

    @property
    def ok(self) -> bool:
        return self.next_xid > self.highest

    @property
    def missing(self) -> int:
        """Transaction ids this cluster must still assign before its next one is above."""
        return max(0, self.highest + 1 - self.next_xid)

    def describe(self) -> str:
        return (f"next transaction id {_spelled(self.next_xid)}; highest event tx "
                f"{_spelled(self.highest_event_tx)}; highest projection checkpoint tx "
                f"{_spelled(self.highest_checkpoint_tx)}")

    def problem(self) -> str:
        """Say what is wrong ("" when nothing is)."""
        if self.ok:
            return ""
        return (f"the cluster's next transaction id {self.next_xid} is not above the event "
                f"store's highest, {self.highest}: new events would be passed over by the "
                "projections and appends to existing streams refused (a logical restore "
                "into a new cluster without pg_resetwal; see `manage.py "
                "check_transaction_ids`)")


def read_transaction_ids() -> TransactionIds:
    with connection.cursor() as cursor:
        cursor.execute(_READ)
        next_xid, event_tx, checkpoint_tx = cursor.fetchone()
    return TransactionIds(next_xid=next_xid, highest_event_tx=event_tx,
                          highest_checkpoint_tx=checkpoint_tx)


def consume(count: int) -> None:
    """Assign and commit `count` transaction ids (one empty transaction each)."""
    if connection.in_atomic_block:
        raise RuntimeError("consuming transaction ids needs autocommit: each id is committed")
    with connection.cursor() as cursor:
        # A DO block may COMMIT when it is not inside a transaction block: one round trip
        # assigns and commits `count` ids.
        cursor.execute(
            f"DO $$ BEGIN FOR i IN 1..{int(count)} LOOP PERFORM pg_current_xact_id(); COMMIT; "
            "END LOOP; END $$")


def _spelled(xid8: int | None) -> str:
    if xid8 is None:
        return "none"
    epoch, xid = split(xid8)
    return f"{xid8} (epoch {epoch}, xid {xid})"
