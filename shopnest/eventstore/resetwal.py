"""The `pg_resetwal` settings that start a new cluster's transaction ids above a store's.

A 64-bit transaction id (xid8) is `epoch << 32 | xid`. A cluster made by initdb starts at
epoch 0 and has used about 720 ids; `pg_resetwal -e EPOCH -x XID`, run on it before it holds
anything, makes its next id `EPOCH << 32 | XID`.

The settings are always the next epoch after the ids to clear, with `-x 0x100000`:

- 0x100000 (1,048,576) is the first id of pg_xact's second segment, pg_resetwal's documented
  safe value for a cluster whose pg_xact holds only segment 0000 (any cluster fresh from
  initdb). The server starts the new segment itself.
- The rows initdb wrote keep ids about a million transactions old, as in any young cluster:
  the 32-bit wraparound bookkeeping (oldest xid, datfrozenxid, autovacuum's freeze ages) stays
  ordinary, and nothing has to be frozen first. Choosing a larger `-x` in the same epoch
  instead could leave those rows more than 2^31 transactions behind, where the server no
  longer sees them as past.
- The epoch carries the size. Skipping the rest of an epoch costs nothing: there are 2^32
  epochs.

`-m` (multitransaction ids) and `-c` (commit timestamp range) are not needed: a dump carries
no multitransaction ids (they are a cluster's own row-lock ids), and the server sets the
commit timestamp range to its next id itself when track_commit_timestamp is on.
"""

from __future__ import annotations

from dataclasses import dataclass

XID_SPAN = 1 << 32
# The first id of pg_xact segment 0001 (a segment holds 1,048,576 transactions' status).
NEW_CLUSTER_XID = 0x100000
# pg_resetwal refuses -e -1 (0xFFFFFFFF): the largest epoch it can set.
MAX_EPOCH = XID_SPAN - 2
# Added to the ids to clear when the settings are read from a live desk: ids it may still
# assign before its dump's snapshot (far more than a desk uses while a dump runs).
DEFAULT_MARGIN = 100_000_000


@dataclass(frozen=True)
class ResetWalSettings:
    epoch: int
    xid: int

    @property
    def next_xid(self) -> int:
        """The 64-bit id the cluster assigns first once these are set."""
        return self.epoch << 32 | self.xid

    def command(self, pgdata: str) -> str:
        return f"pg_resetwal -e {self.epoch} -x {self.xid:#x} -D {pgdata}"


def settings_above(highest: int, *, margin: int = DEFAULT_MARGIN) -> ResetWalSettings:
    """Return the settings whose first id is above `highest + margin` (64-bit ids)."""
    if highest < 0 or margin < 0:
        raise ValueError("transaction ids and the margin are not negative")
    epoch = ((highest + margin) >> 32) + 1
    if epoch > MAX_EPOCH:
        raise ValueError(f"no epoch above {epoch - 1} can be set: pg_resetwal's largest is "
                         f"{MAX_EPOCH}")
    return ResetWalSettings(epoch=epoch, xid=NEW_CLUSTER_XID)


def split(xid8: int) -> tuple[int, int]:
    """Return (epoch, 32-bit xid) of a 64-bit transaction id."""
    return xid8 >> 32, xid8 & (XID_SPAN - 1)
