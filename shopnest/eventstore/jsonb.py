"""jsonb read as Python data by psycopg itself, with orjson where it gives what json does.

Django has psycopg return jsonb as text (its JSONField decodes it); the store and the
projections read thousands of documents per batch, and decoding them is most of a read.
orjson decodes about three times faster than the standard library, and gives the same
values for every document but one kind: an integer past 64 bits (a client may send one in a
custom field), which it reads as a float. A run of 19 digits anywhere in the text (in a
string too: a false alarm costs only the slower decoder) sends the document to `json`.
The run is looked for in a copy of the text with every digit made "0" (bytes.translate and a
substring search run in C; a regular expression cost more than decoding).
"""

from __future__ import annotations

import json
from typing import Any

import orjson
import psycopg
from psycopg.adapt import Loader
from psycopg.pq import Format

_DIGITS_AS_ZERO = bytes(0x30 if 0x30 <= byte <= 0x39 else 0x20 for byte in range(256))
_LONG_NUMBER = b"0" * 19


def loads(raw: bytes) -> Any:
    """Decode a JSON document as `json.loads` would."""
    if _LONG_NUMBER in raw.translate(_DIGITS_AS_ZERO):
        return json.loads(raw)
    return orjson.loads(raw)


class JsonbLoader(Loader):
    """Loads jsonb (text format) with `loads`."""

    def load(self, data: Any) -> Any:
        return loads(data if isinstance(data, bytes) else bytes(data))


# psycopg's own timestamptz loader (in C when psycopg[binary] is installed): Django's loader
# re-parses every timestamp in Python to set the time zone, which is UTC here already.
_TIMESTAMPTZ = psycopg.adapters.get_loader(psycopg.postgres.types["timestamptz"].oid,
                                           Format.TEXT)


def decode_jsonb(cursor: Any) -> None:
    """Have this cursor (a Django cursor wrapper, or psycopg's) return jsonb decoded, and
    timestamps through psycopg's own loader (aware, in the session's time zone: UTC)."""
    raw = getattr(cursor, "cursor", cursor)
    raw.adapters.register_loader("jsonb", JsonbLoader)
    raw.adapters.register_loader("timestamptz", _TIMESTAMPTZ)
