"""Read a projection's own rows back in one query, in the shape its states are decoded from.

A projection that folds into the state its rows hold (aggregate.py) reads thousands of rows
per batch. Read through the ORM they cost more than the fold: the query is built per batch,
and every timestamp becomes a datetime only to be written back as text. Here the query is
built once per table, timestamps come as the domain writes them (`YYYY-MM-DDTHH:MM:SSZ`, as
shopnest.timestamps.format_datetime does), jsonb as Python data and arrays as lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from django.db import connection, models

from shopnest.eventstore.jsonb import decode_jsonb

# to_char pads the year to four digits and drops fractions of a second, as format_datetime.
_AS_TEXT = "to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"


@cache
def _select(model: type[models.Model]) -> tuple[str, tuple[str, ...]]:
    """The select list of the model's table (timestamps as text) and its column names."""
    names, exprs = [], []
    for field in model._meta.concrete_fields:
        column = field.column
        names.append(column)
        if isinstance(field, models.DateTimeField):
            exprs.append(f"{_AS_TEXT.format(column=column)} AS {column}")
        else:
            exprs.append(column)
    return ", ".join(exprs), tuple(names)


def rows_where(model: type[models.Model], column: str, values: Iterable[Any]
               ) -> list[dict[str, Any]]:
    """Return the rows of the model's table whose `column` is one of `values`, as dicts by
    column name."""
    wanted = list(values)
    if not wanted:
        return []
    select, names = _select(model)
    with connection.cursor() as cursor:
        decode_jsonb(cursor)
        cursor.execute(f"SELECT {select} FROM {model._meta.db_table} WHERE {column} = ANY(%s)",
                       [wanted])
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def versions_where(model: type[models.Model], column: str, values: Iterable[Any],
                   version_column: str = "version") -> dict[Any, int]:
    """Return {value of `column`: version} for the rows whose `column` is one of `values`."""
    wanted = list(values)
    if not wanted:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column}, {version_column} FROM {model._meta.db_table} "
                       f"WHERE {column} = ANY(%s)", [wanted])
        return dict(cursor.fetchall())
