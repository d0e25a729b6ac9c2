"""Query parameters that psycopg passes on cheaply.

Django's psycopg cursor binds parameters on the client: every list is dumped element by
element, through the adapters' lookups, on every execute. The projection runner sends the
same lists with every batch (a partition's sixteen bucket lock keys for each projection, the
eighteen event types it reads), and dumping them was a sixth of a lingering run's CPU. Such a
list is sent instead as the text of a PostgreSQL array, made once per distinct list (cast with
`::text[]` in the statement): one string to dump.

Only for lists the code itself holds (names, keys, types), not for values from a request:
the cache keeps every distinct list it is given.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def text_array(values: tuple[str, ...]) -> str:
    """The PostgreSQL array literal of `values` (each element quoted), for `%s::text[]`."""
    return "{" + ",".join(_quoted(value) for value in values) + "}"


def _quoted(value: str) -> str:
    if "\x00" in value:
        raise ValueError("a PostgreSQL text value cannot hold NUL")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
