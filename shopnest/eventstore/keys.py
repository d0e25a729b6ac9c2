"""The person key table (shopnest_person_key): read a batch's keys, add new ones, destroy.

Reads may run anywhere; writes run inside a command's transaction after its append (the
append must be its first write), so a key is stored with the first event sealed under it and
destroyed with the event that erases its person.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db import connection
from django.utils.crypto import salted_hmac

from shopnest.eventstore.errors import RetryableAppendError

# person -> key, or None once destroyed (a tombstone). A person without a row has no key yet.
Keyring = Mapping[str, bytes | None]


def claim_secret() -> bytes:
    """Return the secret claim stream ids are hashed under (settings.SHOPNEST_CLAIM_HASH_KEY)."""
    if settings.SHOPNEST_CLAIM_HASH_KEY:
        return settings.SHOPNEST_CLAIM_HASH_KEY.encode()
    return salted_hmac("shopnest.claims", "claim stream ids").digest()


def keyring(persons: Iterable[str]) -> dict[str, bytes | None]:
    """Return the keys of `persons` that have a row, in one query."""
    wanted = sorted(set(persons))
    if not wanted:
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT person, key FROM shopnest_person_key WHERE person = ANY(%s)",
                       [wanted])
        return {person: None if key is None else bytes(key) for person, key in cursor.fetchall()}


def add(keys: Mapping[str, bytes]) -> None:
    """Store keys made for this transaction's append. Another transaction that stored a key
    (or a tombstone) for one of these persons first makes this append retry: its events were
    sealed under a key nobody would keep."""
    if not keys:
        return
    persons = sorted(keys)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO shopnest_person_key (person, key, created_at) "
            "SELECT person, key, now() FROM unnest(%s::text[], %s::bytea[]) AS k(person, key) "
            "ON CONFLICT (person) DO NOTHING RETURNING person",
            [persons, [keys[p] for p in persons]],
        )
        stored = {row[0] for row in cursor.fetchall()}
    if stored != set(persons):
        raise RetryableAppendError("a person's data key was created at the same moment")


def destroy(persons: Iterable[str]) -> None:
    """Destroy the keys of `persons`, leaving tombstones (also for persons without a key)."""
    wanted = sorted(set(persons))
    if not wanted:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO shopnest_person_key (person, key, created_at, destroyed_at) "
            "SELECT person, NULL, now(), now() FROM unnest(%s::text[]) AS p(person) "
            "ON CONFLICT (person) DO UPDATE SET key = NULL, "
            "destroyed_at = coalesce(shopnest_person_key.destroyed_at, now())",
            [wanted],
        )
