"""The store's jsonb decoder gives what `json.loads` gives, however large the numbers."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from shopnest.eventstore.jsonb import loads

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


def test_an_integer_past_64_bits_stays_an_integer():
    raw = b'{"cf_big": 123456789012345678901234567890, "n": 5}'

    assert loads(raw) == {"cf_big": 123456789012345678901234567890, "n": 5}
    assert isinstance(loads(raw)["cf_big"], int)


@given(json_values)
def test_every_document_decodes_as_json_loads_decodes_it(value):
    raw = json.dumps(value).encode()

    assert loads(raw) == json.loads(raw)
