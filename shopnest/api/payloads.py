"""Turn a request body into a plain dict, the same for JSON and multipart/form-data.

Multipart bodies carry arrays as `key[]` and nested objects as `custom_fields[name]`
(FRESHDESK_API.md §0); their scalars are strings, so integer fields are converted here.
"""

from __future__ import annotations

import re
from typing import Any

from shopnest.api.errors import FieldError, field_error
from shopnest.api.integers import MAX_NUMBER_DIGITS, parse_integer
from shopnest.api.json_input import refuse_unstorable
from shopnest.api.params import parse_datetime
from shopnest.timestamps import format_datetime

_NESTED = re.compile(r"^([a-z_]+)\[([^\]]*)\]$")


def body_object(request) -> dict[str, Any]:
    """Return the request body as a dict; anything but a JSON object is a 400."""
    data = request.data
    if hasattr(data, "lists"):  # a QueryDict from a form or multipart body
        payload = _from_form(data)
        refuse_unstorable(payload)  # JSON bodies were checked as they were parsed
        return payload
    if not isinstance(data, dict):
        raise FieldError([field_error(None, "Request body should be a JSON object", "invalid_json")])
    return dict(data)


def _from_form(data) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, values in data.lists():
        match = _NESTED.match(key)
        if match and match.group(2) == "":
            _put(out, match.group(1), list(values))
        elif match:
            nested = out.setdefault(match.group(1), {})
            if not isinstance(nested, dict):
                _mixed(match.group(1))
            nested[match.group(2)] = values[-1]
        else:
            _put(out, key, values[-1])
    out["__form__"] = True
    return out


def _put(out: dict[str, Any], name: str, value: Any) -> None:
    if name in out:  # `tags` beside `tags[]` or `tags[x]`: one field sent two ways
        _mixed(name)
    out[name] = value


def _mixed(name: str) -> None:
    raise FieldError([field_error(name, "It is sent in more than one form (a value, a list "
                                        f"{name}[] or an object {name}[key]): send one",
                                  "invalid_value")])


def coerce_form_integers(payload: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """In a form body, turn digit strings of integer fields into ints (JSON keeps its types)."""
    if not payload.pop("__form__", False):
        return payload
    for name in names:
        value = payload.get(name)
        text = value.strip() if isinstance(value, str) else None
        number = parse_integer(text, signs="-", max_digits=MAX_NUMBER_DIGITS)
        if number is not None:
            payload[name] = number
        elif text is not None and text.lower() in ("true", "false"):
            payload[name] = text.lower() == "true"
    return payload


def refuse_unknown(payload: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(k for k in payload if k not in allowed)
    if unknown:
        raise FieldError([field_error(k, "Unexpected/invalid field in request", "invalid_field")
                          for k in unknown])


def normalise_timestamps(payload: dict[str, Any], names: tuple[str, ...]) -> None:
    """Accept every Freshdesk input time format; store the canonical UTC form."""
    errors = []
    for name in names:
        value = payload.get(name)
        if value is None:
            continue
        parsed = parse_datetime(value) if isinstance(value, str) else None
        if parsed is None:
            errors.append(field_error(name, "It should be in the 'YYYY-MM-DDTHH:MM:SSZ' format",
                                      "invalid_value"))
        else:
            payload[name] = format_datetime(parsed)
    if errors:
        raise FieldError(errors)
