"""Bulk `INSERT … ON CONFLICT` for projections: upserts with a version guard, and inserts that
leave rows already there alone.

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
import psycopg
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
    with _server_bound_cursor() as cursor:
        cursor.execute(sql, [Json(rows, dumps=_json)])
        return cursor.rowcount


def _server_bound_cursor() -> psycopg.Cursor:
    """A cursor on Django's connection (its transaction) that sends the rows as a bound
    parameter. Django's cursors bind on the client: they would escape megabytes of JSON
    into the statement's text, and PostgreSQL would lex it back out of a string literal."""
    connection.ensure_connection()
    return psycopg.Cursor(connection.connection)


def bulk_insert_absent(table: str, rows: Sequence[dict[str, Any]], *, key: Sequence[str],
                       json_columns: Sequence[str] = ()) -> int:
    """Insert the `rows` whose `key` is not in the table yet (others stay as they are), so a
    redelivered batch changes nothing. Return the rows inserted.

    The rows travel as one JSON parameter, as in bulk_upsert. A `json_columns` value that is
    JSON null is stored as JSON null (the record would make it SQL NULL)."""
    if not rows:
        return 0
    columns = list(rows[0].keys())
    json_set = set(json_columns)
    values = ", ".join(f"coalesce({c}, 'null'::jsonb)" if c in json_set else c for c in columns)
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) SELECT {values} "
           f"FROM json_populate_recordset(NULL::{table}, %s::json) "
           f"ON CONFLICT ({', '.join(key)}) DO NOTHING")
    with _server_bound_cursor() as cursor:
        cursor.execute(sql, [Json(rows, dumps=_json)])
        return cursor.rowcount
