"""The JSON sanitiser: whatever the nesting, no NUL, lone surrogate, non-finite number or
stack-deep nesting gets through, and everything else comes back exactly as sent."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shopnest.api.errors import FieldError
from shopnest.api.json_input import MAX_DEPTH, load_json

# Text drawn from every code point, with NUL and lone surrogates made common.
texts = st.text(st.characters(codec=None) | st.sampled_from("\x00\ud800\udbff\udc00\udfff"),
                max_size=8)
scalars = st.none() | st.booleans() | st.integers() | st.floats() | texts
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(texts, inner, max_size=4), max_leaves=30)


def depth(value) -> int:
    """Containers around the deepest value (a scalar or an empty container is depth 0)."""
    children = list(value.values()) if isinstance(value, dict) else value
    if isinstance(value, dict | list) and children:
        return 1 + max(depth(child) for child in children)
    return 0


def storable(value) -> bool:
    """Independent of the sanitiser: what PostgreSQL's jsonb and UTF-8 can hold."""
    if isinstance(value, str):
        return "\x00" not in value and not any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(storable(item) for item in value)
    if isinstance(value, dict):
        return all(storable(key) and storable(item) for key, item in value.items())
    return True


def nested(levels: int, inner: str = '"x"') -> str:
    return "[" * levels + inner + "]" * levels


@given(json_values)
def test_a_body_is_refused_exactly_when_it_holds_something_unstorable(value):
    text = json.dumps(value)  # NaN/Infinity literals and \ud800 / \u0000 escapes included
    acceptable = storable(value) and depth(value) <= MAX_DEPTH
    try:
        loaded = load_json(text)
    except FieldError as refused:
        assert not acceptable, refused.errors
        assert refused.errors and all(e["code"] in ("invalid_value", "invalid_json")
                                      for e in refused.errors)
        # The error can always be rendered: it echoes nothing unstorable.
        json.dumps(refused.errors, allow_nan=False).encode("utf-8")
    else:
        assert acceptable
        assert loaded == json.loads(text)


@given(st.dictionaries(texts, json_values, min_size=1, max_size=4))
def test_each_refused_top_level_field_is_named(body):
    try:
        load_json(json.dumps(body))
    except FieldError as refused:
        named = {e.get("field") for e in refused.errors}
        bad = {key for key, value in body.items()
               if not storable(key) or not storable(value) or depth(value) >= MAX_DEPTH}
        assert len(named) == len(bad)
        assert {key for key in bad if storable(key)} <= named


@given(st.integers(min_value=0, max_value=5000))
def test_nesting_is_refused_beyond_the_limit_however_deep(levels):
    if levels <= MAX_DEPTH:
        assert depth(load_json(nested(levels))) == levels
    else:
        with pytest.raises(FieldError):
            load_json(nested(levels))


@pytest.mark.parametrize("levels", [100_000, 1_000_000])
def test_stack_deep_nesting_is_a_field_error_not_a_recursion_error(levels):
    with pytest.raises(FieldError):
        load_json(nested(levels, ""))
    with pytest.raises(FieldError):
        load_json('{"subject": ' + nested(levels) + "}")


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1E400"])
def test_non_finite_numbers_are_refused_where_they_are(literal):
    with pytest.raises(FieldError) as refused:
        load_json('{"custom_fields": {"cf_n": [1, ' + literal + "]}}")
    [error] = refused.value.errors
    assert error["field"] == "custom_fields"
    assert f"not {literal} (at custom_fields.cf_n[1])" in error["message"]


@pytest.mark.parametrize(("text", "field", "where"), [
    ('{"subject": "a\\u0000b"}', "subject", "the NUL character (at subject)"),
    ('{"tags": ["ok", "\\ud800"]}', "tags", "a lone surrogate (U+D800) (at tags[1])"),
    ('{"custom_fields": {"cf_\\udc00": 1}}', "custom_fields",
     "a lone surrogate (U+DC00) (at custom_fields.cf_\\udc00)"),
    ('{"sub\\u0000ject": "x"}', "sub\\u0000ject", "A field name should not contain the NUL"),
])
def test_an_unstorable_string_is_refused_naming_its_field_and_place(text, field, where):
    with pytest.raises(FieldError) as refused:
        load_json(text)
    [error] = refused.value.errors
    assert (error["field"], error["code"]) == (field, "invalid_value")
    assert where in error["message"]


def test_paired_surrogates_and_ordinary_text_pass():
    assert load_json('{"subject": "\\ud83d\\udce6 \\u00fc \\u202e"}') == {"subject": "📦 ü \u202e"}
