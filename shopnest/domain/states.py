"""Copying frozen dataclass states with some fields changed, at the cost of a dict copy.

`evolve` makes a new state for every event it folds, and a projection folds every event of a
rebuild: `dataclasses.replace` runs the class's whole `__init__` (every field, by keyword),
which cost more than the rest of the fold. A state class here is a frozen dataclass without
`__post_init__`, `__slots__` or cached properties, so a copy of its attributes is the same
object `replace` would build (any other class goes through `dataclasses.replace`); a field name the class does not have is refused as `replace` refuses it.
"""

from __future__ import annotations

import dataclasses
from functools import cache, cached_property
from typing import Any, TypeVar

S = TypeVar("S")


@cache
def _copyable(cls: type) -> frozenset[str] | None:
    """The field names of `cls` if its instances may be copied attribute by attribute."""
    if (not dataclasses.is_dataclass(cls) or hasattr(cls, "__post_init__")
            or hasattr(cls, "__slots__")
            or any(not f.init for f in dataclasses.fields(cls))
            or any(isinstance(member, cached_property)
                   for klass in cls.__mro__ for member in vars(klass).values())):
        return None
    return frozenset(f.name for f in dataclasses.fields(cls))


def replace(state: S, /, **changes: Any) -> S:
    """Return a copy of `state` with `changes`, as `dataclasses.replace` does."""
    cls = type(state)
    names = _copyable(cls)
    if names is None or not names.issuperset(changes):
        return dataclasses.replace(state, **changes)  # also says which name is wrong
    copy = object.__new__(cls)
    attributes = copy.__dict__
    attributes.update(state.__dict__)
    attributes.update(changes)
    return copy
