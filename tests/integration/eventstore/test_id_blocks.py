"""Ids taken from sequences in blocks per process (shopnest/eventstore/ids.py): unique across
processes and threads, increasing within one, and a block costs one round trip."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.db import connection
from django.test.utils import CaptureQueriesContext

from shopnest.eventstore import ids
from tests.integration.eventstore.helpers import thread_pool
from tickets.sequences import TICKET_IDS

_OTHER_PROCESS = """
import django, json, sys
django.setup()
from shopnest.eventstore.ids import allocate_id
print(json.dumps([allocate_id(sys.argv[1]) for _ in range(int(sys.argv[2]))]))
"""


def test_a_block_is_taken_in_one_round_trip_and_handed_out_in_order(settings):
    settings.SHOPNEST_ID_BLOCK = 8
    ids._blocks.clear()
    with CaptureQueriesContext(connection) as queries:
        taken = [ids.allocate_id(TICKET_IDS) for _ in range(8)]
    assert len(queries) == 1
    assert taken == list(range(taken[0], taken[0] + 8))
    assert ids.allocate_id(TICKET_IDS) > taken[-1]


def test_threads_and_processes_never_get_the_same_id(settings):
    settings.SHOPNEST_ID_BLOCK = 5
    ids._blocks.clear()
    with thread_pool(4) as submit:
        in_threads = [f.result() for f in [
            submit(lambda: [ids.allocate_id(TICKET_IDS) for _ in range(23)]) for _ in range(4)]]
    env = {"DJANGO_SETTINGS_MODULE": "config.settings", "ID_BLOCK": "5",
           "DATABASE_URL": _database_url(), "DEBUG": "1"}
    other = subprocess.run([sys.executable, "-c", _OTHER_PROCESS, TICKET_IDS, "23"],
                           env={**os.environ, **env}, capture_output=True, text=True,
                           check=True)
    everyone = [i for taken in in_threads for i in taken] + json.loads(other.stdout)
    assert len(everyone) == len(set(everyone)) == 4 * 23 + 23
    for taken in in_threads:
        assert taken == sorted(taken)  # the process's ids increase, so each thread's do


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
