"""Read a JSON request body into values the service can always store and render.

Python's json module accepts more than PostgreSQL's jsonb and our renderer can take: the
NaN / Infinity / -Infinity literals and numbers such as 1e999 (inf), strings and keys holding
NUL or a lone surrogate ("\\u0000", "\\ud800"), and nesting deep enough to exhaust the stack.
Each is refused here with a 400 that names the top-level field and the path to the value.
"""

from __future__ import annotations

import json
import math
from typing import Any

from shopnest.api.errors import FieldError, field_error
from shopnest.api.unsafe_text import printable, unsafe_character

# Far deeper than any Freshdesk body (custom_fields is the deepest, at two levels).
MAX_DEPTH = 32


class _NonFinite:
    """Stands in for a NaN or infinite number until the walk reports where it was."""

    def __init__(self, text: str):
        self.text = text


def _finite_float(text: str) -> float | _NonFinite:
    number = float(text)
    return number if math.isfinite(number) else _NonFinite(text)


def load_json(text: str) -> Any:
    """Parse `text`; ValueError for malformed JSON, FieldError for what we cannot store."""
    try:
        value = json.loads(text, parse_constant=_NonFinite, parse_float=_finite_float)
    except RecursionError:
        raise FieldError([field_error(
            None, f"Request body has invalid json format: nested deeper than {MAX_DEPTH} levels",
            "invalid_json")]) from None
    refuse_unstorable(value)
    return value


def refuse_unstorable(body: Any) -> None:
    """Raise a FieldError listing each top-level field that holds something unstorable."""
    errors = unstorable(body)
    if errors:
        raise FieldError(errors)


def unstorable(body: Any) -> list[dict]:
    """One Freshdesk error per top-level field (or for the whole body when it is not an
    object) holding a NUL, a lone surrogate, a non-finite number or too deep a nesting."""
    if not isinstance(body, dict):
        problem = _first_problem(body, ())
        return [field_error(None, problem, "invalid_value")] if problem else []
    errors = []
    for key, value in body.items():
        if isinstance(key, str) and (what := unsafe_character(key)):
            errors.append(field_error(printable(key), f"A field name should not contain {what}",
                                      "invalid_value"))
            continue
        problem = _first_problem(value, (key,))
        if problem:
            errors.append(field_error(key, problem, "invalid_value"))
    return errors


def _first_problem(value: Any, path: tuple) -> str | None:
    """Describe the first unstorable thing inside `value` (iteratively: no recursion)."""
    pending = [(value, path)]
    while pending:
        item, where = pending.pop()
        if len(where) > MAX_DEPTH:
            return f"It should not be nested deeper than {MAX_DEPTH} levels (at {_spelled(where)})"
        if isinstance(item, str):
            if what := unsafe_character(item):
                return f"It should not contain {what} (at {_spelled(where)})"
        elif isinstance(item, _NonFinite):
            return f"It should be a finite number, not {item.text} (at {_spelled(where)})"
        elif isinstance(item, dict):
            for key in item:
                if isinstance(key, str) and (what := unsafe_character(key)):
                    return f"Its keys should not contain {what} (at {_spelled((*where, key))})"
            pending.extend((sub, (*where, key)) for key, sub in reversed(item.items()))
        elif isinstance(item, list):
            pending.extend((sub, (*where, i)) for i, sub in reversed(list(enumerate(item))))
    return None


def _spelled(path: tuple) -> str:
    """`custom_fields.cf_x`, `tags[0]`; the body itself is `the body`."""
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{printable(step)}" if out else printable(step)
    return out or "the body"
