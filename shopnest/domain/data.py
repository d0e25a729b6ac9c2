"""Plain JSON data of frozen dataclass states, and back, driven by their type annotations.

Command results must be JSON (an idempotent replay returns the stored one), yet callers want
the state the command produced; this turns one into the other without per-class code.
Supported annotations: the JSON scalars, `X | None`, `tuple[X, ...]`, `Mapping[K, V]` (int or
str keys), `Any` (kept as is) and nested dataclasses.

Projections decode and encode every state they load and write (a ticket with its
conversations), so both directions are compiled once per class into plain functions: reading
the annotations on every value cost more than folding the events.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import fields, is_dataclass
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")
Convert = Callable[[Any], Any]


# -- to data ---------------------------------------------------------------------------------

def to_data(value: Any) -> Any:
    """Return `value` as JSON-native data (mapping keys become strings)."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or kind is float or value is None:
        return value
    encode = _ENCODERS.get(kind)
    if encode is None:
        encode = _encoder_for(kind)
    return encode(value)


def _mapping_to_data(value: Mapping) -> dict:
    return {str(key): to_data(item) for key, item in value.items()}


def _sequence_to_data(value: list | tuple) -> list:
    scalars = _SCALARS
    return [item if type(item) in scalars else to_data(item) for item in value]


def _identity(value: Any) -> Any:
    return value


_ENCODERS: dict[type, Convert] = {dict: _mapping_to_data, list: _sequence_to_data,
                                  tuple: _sequence_to_data}


def _encoder_for(kind: type) -> Convert:
    if is_dataclass(kind):
        encode = _dataclass_encoder(kind)
    elif issubclass(kind, Mapping):
        encode = _mapping_to_data
    elif issubclass(kind, list | tuple):
        encode = _sequence_to_data
    else:
        encode = _identity
    _ENCODERS[kind] = encode
    return encode


_SCALARS = frozenset({str, int, bool, float, type(None)})


def _dataclass_encoder(kind: type) -> Convert:
    return fields_encoder(kind, tuple(f.name for f in fields(kind)))


def _field_encoding(hint: Any) -> str:
    """How a field of `hint` becomes data, as an expression in `{v}`: scalars as they are,
    tuples of scalars as lists, anything else through `to_data`."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint in _SCALARS or (origin in (types.UnionType, typing.Union)
                                 and set(args) <= _SCALARS):
        return "{v}"
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis and args[0] in _SCALARS:
        return "(None if {v} is None else list({v}))"
    return "to_data({v})"


@cache
def fields_encoder(kind: type, names: tuple[str, ...]) -> Convert:
    """Return a function giving the `names` fields of a `kind` instance as data (what
    `to_data` gives for them), compiled from the annotations into one dict display: a
    projection encodes every state it writes, and dispatching on each value's type cost
    more than the fold."""
    try:
        hints = _hints(kind)
    except NameError:  # an annotation naming what its module cannot see: no shortcuts
        hints = {}
    items = ", ".join(
        f"{name!r}: {_field_encoding(hints.get(name, Any)).format(v=f'value.{name}')}"
        for name in names)
    namespace: dict[str, Any] = {"to_data": to_data}
    exec(f"def encode(value):\n    return {{{items}}}\n", namespace)  # noqa: S102
    return namespace["encode"]


# -- from data -------------------------------------------------------------------------------

def from_data(cls: type[T], data: Any) -> T:
    """Rebuild an instance of the dataclass `cls` from `to_data` output."""
    if data is None:
        return data
    return _decoder(cls)(data)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@cache
def _decoder(hint: Any) -> Convert | None:
    """The function turning data of `hint` into its value (None: the data is the value)."""
    if hint is Any:
        return None
    if is_dataclass(hint):
        return _dataclass_decoder(hint)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        (inner,) = [a for a in args if a is not type(None)]
        return _decoder(inner)  # None passes every decoder below as None
    if origin is tuple:
        item = _decoder(args[0])
        if item is None:
            return lambda data: None if data is None else tuple(data)
        return lambda data: None if data is None else tuple(
            None if i is None else item(i) for i in data)
    if origin in (Mapping, dict, typing.Mapping):
        key_type, value_type = args
        value = _decoder(value_type)
        if value is None:
            return lambda data: None if data is None else {
                key_type(k): v for k, v in data.items()}
        return lambda data: None if data is None else {
            key_type(k): None if v is None else value(v) for k, v in data.items()}
    return None


def _dataclass_decoder(cls: type) -> Convert:
    hints = _hints(cls)
    plain: list[str] = []
    converted: list[tuple[str, Convert]] = []
    for f in fields(cls):
        if not f.init:
            continue
        convert = _decoder(hints[f.name])
        if convert is None:
            plain.append(f.name)
        else:
            converted.append((f.name, convert))

    def decode(data: Any) -> Any:
        if data is None:
            return None
        values = {name: data[name] for name in plain if name in data}
        for name, convert in converted:
            if name in data:
                item = data[name]
                values[name] = None if item is None else convert(item)
        return cls(**values)

    return decode
