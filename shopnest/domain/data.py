"""Plain JSON data of frozen dataclass states, and back, driven by their type annotations.

Command results must be JSON (an idempotent replay returns the stored one), yet callers want
the state the command produced; this turns one into the other without per-class code.
Supported annotations: the JSON scalars, `X | None`, `tuple[X, ...]`, `Mapping[K, V]` (int or
str keys), `Any` (kept as is) and nested dataclasses.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


def to_data(value: Any) -> Any:
    """Return `value` as JSON-native data (mapping keys become strings)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(key): to_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_data(item) for item in value]
    return value


def from_data(cls: type[T], data: Any) -> T:
    """Rebuild an instance of the dataclass `cls` from `to_data` output."""
    return _convert(cls, data)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _convert(hint: Any, data: Any) -> Any:
    if hint is Any or data is None:
        return data
    if is_dataclass(hint):
        hints = _hints(hint)
        return hint(**{f.name: _convert(hints[f.name], data[f.name])
                       for f in fields(hint) if f.init and f.name in data})
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        (inner,) = [a for a in args if a is not type(None)]
        return _convert(inner, data)
    if origin is tuple:
        return tuple(_convert(args[0], item) for item in data)
    if origin in (Mapping, dict, typing.Mapping):
        key_type, value_type = args
        return {key_type(key): _convert(value_type, item) for key, item in data.items()}
    return data
