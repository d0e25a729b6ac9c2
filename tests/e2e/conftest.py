"""End-to-end tests: real Celery worker (and beat) processes against the real broker and the
test database. The test process itself never projects: tasks are not run eagerly here."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from tests.support.processes import CeleryProcesses
from tests.support.reset import reset_event_store, reset_redis_keys


@pytest.fixture(autouse=True)
def clean_state(transactional_db):
    reset_event_store(connection)
    reset_redis_keys(cache, settings.CACHE_KEY_PREFIX)
    yield


@pytest.fixture
def celery_processes(clean_state, tmp_path, settings):
    """Start a Celery worker (and beat, on request) for this test; stop them afterwards."""
    # Real processes on a shared two-core machine: allow a worker's first task to be slow.
    settings.SHOPNEST_CONSISTENCY_WAIT = 15.0
    processes = CeleryProcesses(database=connection.settings_dict, workdir=tmp_path)
    processes.route_this_process_to_worker()
    try:
        yield processes
    finally:
        processes.stop()
        processes.restore_this_process()
