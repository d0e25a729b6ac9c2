"""Sealed personal fields: what crypto-shredding erasure rests on (docs/erasure.md).

An event class names its personal fields and their person (DomainEvent.PERSONAL, PERSON,
`person_of()`). On the way into the store each such field is encrypted (AES-256-GCM) under
that person's own data key, and the event's data records which fields are sealed, for whom:

    {"ticket_id": 7, "subject": "v1:<base64 nonce+ciphertext>", ...,
     "_sealed": {"person": "contact:5", "fields": ["subject", ...]}}

Everything else stays plain, so the store still reads, filters and projects by ids. On the
way out (every read of the store) the fields are opened with the batch's keys, fetched in one
query. Erasure destroys the key: from then on every read, and so every projection rebuild,
gets a fixed placeholder instead (the field's default, or ERASED_TEXT for required text),
while the event keeps its place, type and shape in the history.

Events written before sealing existed hold their personal fields in plain; once their person
is erased they are read with the same placeholders (the store itself still holds that text:
the history is append-only, see the doc).
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Sequence
from dataclasses import MISSING, fields, replace
from decimal import Decimal
from functools import cache
from typing import Any

import orjson
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from shopnest.domain.errors import PersonErased
from shopnest.domain.events import (
    ERASED_TEXT,
    DomainEvent,
    event_class,
    to_json_value,
)
from shopnest.eventstore import keys
from shopnest.eventstore.records import NewEvent, RecordedEvent, StreamAppend

SEALED = "_sealed"
_VERSION = "v1:"


# -- sealing on append -----------------------------------------------------------------------

def seal_appends(appends: Sequence[StreamAppend]
                 ) -> tuple[tuple[StreamAppend, ...], dict[str, bytes]]:
    """Return the appends with personal fields sealed, and the keys made for new persons
    (to store after the append). An erased person's data is refused (PersonErased)."""
    persons = {e.person for a in appends for e in a.events if e.person}
    if not persons:
        return tuple(appends), {}
    ring = keys.keyring(persons)
    if any(ring.get(p, b"") is None for p in persons):
        raise PersonErased()
    new = {p: AESGCM.generate_key(bit_length=256) for p in persons if p not in ring}
    ring.update(new)
    sealed = tuple(replace(a, events=tuple(_sealed_event(e, ring) for e in a.events))
                   for a in appends)
    return sealed, new


def _sealed_event(event: NewEvent, ring: keys.Keyring) -> NewEvent:
    if not event.person:
        return event
    key = ring[event.person]
    assert key is not None  # erased persons were refused before
    data = dict(event.data)
    sealed = [name for name in event.personal if data.get(name) not in (None, "", [], {})]
    for name in sealed:
        data[name] = seal_value(key, _aad(event.person, event.type, name), data[name])
    data[SEALED] = {"person": event.person, "fields": sealed}
    return replace(event, data=data)


def seal_value(key: bytes, aad: bytes, value: Any) -> str:
    """Return `value` (JSON data) encrypted under `key`, bound to `aad` (person, type, field)."""
    nonce = os.urandom(12)
    ciphertext = AESGCM(key).encrypt(nonce, json.dumps(value).encode(), aad)
    return _VERSION + base64.b64encode(nonce + ciphertext).decode()


def open_value(key: bytes | AESGCM, aad: bytes, sealed: str) -> Any:
    """Return the JSON value `seal_value` sealed (cryptography.exceptions.InvalidTag if the
    text was altered or moved to another person, event type or field). `key` may be the
    cipher of the key already (a batch opens many fields under one key)."""
    raw = base64.b64decode(sealed.removeprefix(_VERSION))
    cipher = key if isinstance(key, AESGCM) else AESGCM(key)
    plain = cipher.decrypt(raw[:12], raw[12:], aad)
    if plain[:1] == b'"':
        return orjson.loads(plain)  # a string (most sealed fields): no number to read
    try:
        value = orjson.loads(plain)
    except orjson.JSONDecodeError:  # read by json below, which says what is wrong
        pass
    else:
        if _holds_no_float(value):
            return value  # a list of addresses, say: nothing jsonb would read differently
    return _JSONB_NUMBERS.decode(plain.decode())


def _holds_no_float(value: Any) -> bool:
    if isinstance(value, list):
        return all(type(item) is str or _holds_no_float(item) for item in value)
    if isinstance(value, dict):
        return all(_holds_no_float(item) for item in value.values())
    return not isinstance(value, float)


def _number_as_jsonb_reads_it(text: str) -> int | float:
    """Read a sealed number back as it would come back from plain jsonb, which keeps numbers
    as PostgreSQL numeric: an exponent is spelled out (5.41e+16 reads back as the integer
    54100000000000000) and there is no negative zero. A fold of sealed events then equals
    the rows projected from it, as a fold of plain events does."""
    number = Decimal(text)
    if number.is_zero():
        number = number.copy_abs()
    return json.loads(f"{number:.{max(0, -number.as_tuple().exponent)}f}")


# One decoder for every sealed number (json.loads with a parse_float builds a new one per call).
_JSONB_NUMBERS = json.JSONDecoder(parse_float=_number_as_jsonb_reads_it)


def _aad(person: str, type_name: str, field_name: str) -> bytes:
    return f"{person}|{type_name}|{field_name}".encode()


# -- opening on read -------------------------------------------------------------------------

def open_records(records: list[RecordedEvent]) -> list[RecordedEvent]:
    """Return the records with their personal fields opened, or placeholders where the
    person was erased; the keys of the whole batch come in one query."""
    owners = [_personal_data(record) for record in records]
    ring = keys.keyring(person for person, _ in filter(None, owners))
    ciphers: dict[str, AESGCM] = {}
    return [record if owner is None else _opened(record, *owner, ring, ciphers)
            for record, owner in zip(records, owners, strict=True)]


def _personal_data(record: RecordedEvent) -> tuple[str, tuple[str, ...]] | None:
    sealed = record.data.get(SEALED)
    if sealed is not None:
        return sealed["person"], tuple(sealed["fields"])
    # Written in plain (before sealing): still whose it is, to hide it once they are erased.
    try:
        if not event_class(record.type).PERSONAL:
            return None
        event = record.event  # decoded once: the record is handed on as it is, or replaced
    except Exception:  # noqa: BLE001 - an event no class reads fails where it is used
        return None
    person = event.person_of()
    return None if person is None else (person, event.personal_fields())


def _opened(record: RecordedEvent, person: str, names: tuple[str, ...],
            ring: keys.Keyring, ciphers: dict[str, AESGCM]) -> RecordedEvent:
    sealed = SEALED in record.data
    key = ring.get(person)
    if not sealed and (person not in ring or key is not None):
        return record  # plain, and its person is not erased
    data = {name: value for name, value in record.data.items() if name != SEALED}
    cls = event_class(record.type)
    cipher = None
    if key is not None and sealed:
        cipher = ciphers.get(person)
        if cipher is None:
            cipher = ciphers[person] = AESGCM(key)
    for name in names:
        if name not in data:
            continue
        if key is None:
            data[name] = placeholder(cls, name)
        elif sealed:
            data[name] = open_value(cipher, _aad(person, record.type, name), data[name])
    return _with_data(record, data)


def _with_data(record: RecordedEvent, data: dict[str, Any]) -> RecordedEvent:
    """`dataclasses.replace(record, data=data)` without running the frozen __init__ again
    (thousands per batch); the copy holds no event decoded from the old data."""
    opened = object.__new__(RecordedEvent)
    attributes = opened.__dict__
    attributes.update(record.__dict__)
    attributes.pop("event", None)  # RecordedEvent.event, cached from the sealed data
    attributes["data"] = data
    return opened


def placeholder(cls: type[DomainEvent], name: str) -> Any:
    """Return what an erased field reads as: its default, else ERASED_TEXT."""
    return to_json_value(_placeholders(cls)[name])


@cache
def _placeholders(cls: type[DomainEvent]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(cls):
        if f.default is not MISSING:
            out[f.name] = f.default
        elif f.default_factory is not MISSING:
            out[f.name] = f.default_factory()
        else:
            out[f.name] = ERASED_TEXT
    return out
