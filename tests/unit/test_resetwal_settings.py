"""The pg_resetwal settings for a new cluster: its first id is above the ids to clear, in the
next epoch, at pg_xact's second segment, and within what pg_resetwal accepts."""

from __future__ import annotations

import pytest

from shopnest.eventstore.resetwal import (
    MAX_EPOCH,
    NEW_CLUSTER_XID,
    ResetWalSettings,
    settings_above,
    split,
)

SPAN = 1 << 32


@pytest.mark.parametrize("highest", [0, 3, 4_935, SPAN - 1, SPAN, 2 * SPAN + 83_886_100,
                                     7 * SPAN + SPAN - 2, (1 << 62) + 12_345])
def test_the_first_id_of_the_new_cluster_is_above_the_highest_plus_the_margin(highest):
    for margin in (0, 1, 100_000_000):
        settings = settings_above(highest, margin=margin)

        assert settings.next_xid > highest + margin
        assert settings.next_xid == (settings.epoch << 32) + settings.xid


def test_the_epoch_is_the_one_after_the_margin_and_the_xid_starts_pg_xacts_second_segment():
    assert settings_above(4_935, margin=0) == ResetWalSettings(epoch=1, xid=0x100000)
    assert settings_above(2 * SPAN + 83_886_100, margin=0) == ResetWalSettings(epoch=3,
                                                                               xid=0x100000)
    # The margin crosses an epoch's end: one more epoch.
    assert settings_above(3 * SPAN - 10, margin=100) == ResetWalSettings(epoch=4, xid=0x100000)


def test_the_xid_obeys_pg_resetwals_rules():
    settings = settings_above(SPAN - 1, margin=0)

    assert settings.xid >= 3  # pg_resetwal: -x must be >= FirstNormalTransactionId
    assert settings.xid % 0x100000 == 0  # a pg_xact segment's first id
    assert settings.xid == NEW_CLUSTER_XID == 1_048_576


def test_the_command_spells_the_settings_as_pg_resetwal_takes_them():
    assert settings_above(2 * SPAN + 5, margin=0).command("/srv/pg/new") == (
        "pg_resetwal -e 3 -x 0x100000 -D /srv/pg/new")


def test_no_epoch_past_pg_resetwals_largest_is_offered():
    assert settings_above((MAX_EPOCH - 1) << 32, margin=0).epoch == MAX_EPOCH
    with pytest.raises(ValueError, match="largest"):
        settings_above(MAX_EPOCH << 32, margin=0)


def test_split_gives_epoch_and_xid():
    assert split(3 * SPAN + 1_048_576) == (3, 1_048_576)
    assert split(4_935) == (0, 4_935)
