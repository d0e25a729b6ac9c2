"""The horizon under load: writers append and commit as fast as they can while readers take
horizons; no event may ever turn up below a horizon a reader was given, after that reader
counted what lay below it.

The races this guards against are short (an appender between getting its transaction id and
showing it); the run is short in CI and longer by hand: HORIZON_LOAD_SECONDS=60.
"""

from __future__ import annotations

import os
import threading
import time

from django.db import transaction

from shopnest.eventstore import store
from shopnest.eventstore.horizon import appenders_horizon

from .helpers import new_event, raw_connect, scalar, stream_append, thread_pool

WRITERS = 8
READERS = 2


def _below(horizon: int) -> int:
    return scalar("SELECT count(*) FROM es_events WHERE tx < %s::text::xid8", [str(horizon)])


def _append_until(stop: threading.Event, writer: int) -> None:
    conn = raw_connect()
    try:
        n = 0
        while not stop.is_set():
            payload = store._batch_payload(
                [stream_append(f"load-{writer}-{n % 5}", None, new_event())], {})
            conn.execute("SELECT es_append(%s::jsonb)", [payload])
            conn.commit()
            n += 1
    finally:
        conn.close()


def _read_horizons_until(stop: threading.Event) -> list[tuple[int, int]]:
    """(horizon, events below it) as a projection batch would see them, over and over."""
    seen = []
    while not stop.is_set():
        with transaction.atomic():
            horizon = appenders_horizon()
            seen.append((horizon, _below(horizon)))
    return seen


def test_no_event_ever_turns_up_below_a_horizon_already_read():
    seconds = float(os.environ.get("HORIZON_LOAD_SECONDS", "5"))
    stop = threading.Event()
    with thread_pool(WRITERS + READERS) as submit:
        writers = [submit(_append_until, stop, w) for w in range(WRITERS)]
        readers = [submit(_read_horizons_until, stop) for _ in range(READERS)]
        time.sleep(seconds)
        stop.set()
        for writer in writers:
            writer.result(timeout=30)
        seen = [read for reader in readers for read in reader.result(timeout=30)]

    assert len(seen) > 100 and scalar("SELECT count(*) FROM es_events") > 100
    now = [(horizon, counted, _below(horizon)) for horizon, counted in seen]
    late = [read for read in now if read[2] != read[1]]
    assert late == [], f"events turned up below {len(late)} of {len(seen)} horizons: {late[:5]}"
