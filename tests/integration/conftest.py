"""Integration tests run against the real PostgreSQL (a test database of their own) and the
real Redis (a key prefix of their own). Each test starts from an empty store and empty read
tables."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from tests.support.reset import reset_event_store, reset_redis_keys


@pytest.fixture(autouse=True)
def clean_state(transactional_db):
    """Empty the event store, read tables and this run's Redis keys before each test."""
    reset_event_store(connection)
    reset_redis_keys(cache, settings.CACHE_KEY_PREFIX)
    yield
