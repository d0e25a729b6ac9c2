"""URL helpers shared by the API apps."""

from __future__ import annotations

from django.urls import path, register_converter


class IdConverter:
    """A positive integer id of at most 18 digits (fits PostgreSQL's bigint)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def with_optional_slash(routes):
    """Route each `(route, view class, name)` with and without a trailing slash."""
    patterns = []
    for route, view, name in routes:
        patterns.append(path(route, view.as_view(), name=name))
        patterns.append(path(route + "/", view.as_view()))
    return patterns


# `<id:name>` in every API app's routes.
register_converter(IdConverter, "id")
