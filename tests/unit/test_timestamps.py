"""Freshdesk timestamps in and out: never an exception, always `YYYY-MM-DDTHH:MM:SSZ`."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shopnest.api.params import parse_datetime
from shopnest.timestamps import format_datetime

CANONICAL = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z", re.ASCII)

offsets = st.builds(lambda sign, hours, minutes: f"{sign}{hours:02d}:{minutes:02d}",
                    st.sampled_from("+-"), st.integers(0, 99), st.integers(0, 99))


@given(st.datetimes(), offsets | st.sampled_from(["", "Z"]))
def test_reading_any_written_moment_with_any_offset_never_raises(moment, zone):
    written = (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
               f"T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}")
    parsed = parse_datetime(written + zone)
    assert parsed is None or parsed.tzinfo is UTC


@given(st.datetimes(timezones=st.just(UTC)))
def test_every_moment_is_written_in_the_canonical_form_and_reads_back(moment):
    written = format_datetime(moment)
    assert CANONICAL.fullmatch(written), written
    assert parse_datetime(written) == moment.replace(microsecond=0)


@pytest.mark.parametrize(("moment", "written"), [
    (datetime(999, 6, 1, 10, tzinfo=UTC), "0999-06-01T10:00:00Z"),
    (datetime(1, 1, 1, tzinfo=UTC), "0001-01-01T00:00:00Z"),
    (datetime(2024, 3, 5, 1, 2, 3, tzinfo=timezone(timedelta(hours=2))), "2024-03-04T23:02:03Z"),
])
def test_years_before_1000_keep_four_digits(moment, written):
    assert format_datetime(moment) == written


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00",
                                   "2024-01-01T00:00:00+24:00"])
def test_a_moment_its_offset_moves_off_the_calendar_is_no_moment(value):
    assert parse_datetime(value) is None
