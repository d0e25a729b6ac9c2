"""Test-database housekeeping.

The event store refuses TRUNCATE through its trigger; only the test database's owner,
here, switches the trigger off for the moment it takes to empty the tables.
"""

from __future__ import annotations

from django.apps import apps

EVENT_STORE_TABLES = ("es_events", "es_streams")


def reset_event_store(connection) -> None:
    read_tables = [
        m._meta.db_table
        for m in apps.get_models()
        if m._meta.managed and m._meta.app_label in {"shopnest", "tickets", "people"}
    ]
    with connection.cursor() as cursor:
        for table in EVENT_STORE_TABLES:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        try:
            cursor.execute("TRUNCATE " + ", ".join(EVENT_STORE_TABLES + tuple(read_tables)) + " CASCADE")
        finally:
            for table in EVENT_STORE_TABLES:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def reset_redis_keys(cache, prefix: str) -> None:
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)
