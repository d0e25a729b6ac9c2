"""Distinct values of an indexed column without reading the whole table (for filters)."""

from __future__ import annotations

import re

from django.db import connection

_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def distinct_values(table: str, column: str, limit: int = 100) -> list:
    """Return up to `limit` distinct non-null values, ascending, by hopping along the
    column's index (a loose index scan): cost grows with the values, not with the rows."""
    if not (_NAME.match(table) and _NAME.match(column)):
        raise ValueError("bad identifier")
    sql = (
        f"WITH RECURSIVE hop(value) AS ("
        f" (SELECT {column} FROM {table} WHERE {column} IS NOT NULL ORDER BY {column} LIMIT 1)"
        f" UNION ALL"
        f" SELECT (SELECT {column} FROM {table} WHERE {column} > hop.value ORDER BY {column} LIMIT 1)"
        f" FROM hop WHERE hop.value IS NOT NULL)"
        f" SELECT value FROM hop WHERE value IS NOT NULL LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [limit])
        return [row[0] for row in cursor.fetchall()]
