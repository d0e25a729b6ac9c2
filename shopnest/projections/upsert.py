"""Bulk `INSERT … ON CONFLICT DO UPDATE` with a version guard, for projections."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection
from psycopg.types.json import Jsonb


def _adapt(value: Any) -> Any:
    if isinstance(value, dict):
        return Jsonb(value)
    return value


def bulk_upsert(
    table: str,
    rows: Sequence[dict[str, Any]],
    *,
    key: Sequence[str],
    version_column: str | None = "version",
    json_columns: Sequence[str] = (),
) -> int:
    """Insert or update `rows` in one statement; an existing row is only replaced by a newer
    version of itself (without a `version_column`, always). Return the rows written."""
    if not rows:
        return 0
    columns = list(rows[0].keys())
    placeholders = "(" + ", ".join("%s" for _ in columns) + ")"
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c not in key)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
        + ", ".join(placeholders for _ in rows)
        + f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
    )
    if version_column is not None:
        sql += f" WHERE {table}.{version_column} < EXCLUDED.{version_column}"
    json_set = set(json_columns)
    params: list[Any] = []
    for row in rows:
        for column in columns:
            value = row[column]
            params.append(Jsonb(value) if column in json_set else _adapt(value))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
