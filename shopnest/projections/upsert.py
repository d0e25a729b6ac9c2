"""Bulk `INSERT … ON CONFLICT DO UPDATE` with a version guard, for projections.

The rows travel as one JSON parameter that `json_populate_recordset` turns into rows of the
table's own type (text to timestamps, JSON arrays to arrays, objects to jsonb). A batch of
thousands of rows is then one short statement with one parameter, instead of one placeholder
per value: a statement that size costs more to build, bind and parse than to run.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import orjson
from django.db import connection
from psycopg.types.json import Json


def _json(value: Any) -> bytes:
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError:  # an integer past 64 bits (a client's custom field)
        return json.dumps(value, separators=(",", ":")).encode()


def bulk_upsert(
    table: str,
    rows: Sequence[dict[str, Any]],
    *,
    key: Sequence[str],
    version_column: str | None = "version",
    json_columns: Sequence[str] = (),
) -> int:
    """Insert or update `rows` in one statement; an existing row is only replaced by a newer
    version of itself (without a `version_column`, always). Return the rows written.

    Every row holds the same columns, as JSON data (text for timestamps); `json_columns`
    need no marking any more (each value is JSON already) and are accepted as before."""
    if not rows:
        return 0
    columns = list(rows[0].keys())
    names = ", ".join(columns)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c not in key)
    sql = (
        f"INSERT INTO {table} ({names}) SELECT {names} "
        f"FROM json_populate_recordset(NULL::{table}, %s::json) "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
    )
    if version_column is not None:
        sql += f" WHERE {table}.{version_column} < EXCLUDED.{version_column}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [Json(rows, dumps=_json)])
        return cursor.rowcount
