"""The one reader of integers from text: ASCII digits only, bounded, never raising."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from shopnest.api.integers import MAX_DIGITS, parse_integer

# "²" passes str.isdigit() but not int(); the others pass int() but are not what anyone types
# as an id: Arabic-Indic, fullwidth, NKo, Devanagari and mathematical bold digits.
NOT_ASCII_DIGITS = ["²", "1²", "٣", "１２", "߃", "४२", "𝟙"]
ASCII_DIGITS = re.compile(f"[0-9]{{1,{MAX_DIGITS}}}", re.ASCII)

# Text made mostly of digit-like characters, so that near misses are generated often.
digit_like = st.text(st.sampled_from("0123456789-+ _.²٣１２߃४𝟙\n\x00") | st.characters(), max_size=25)


@pytest.mark.parametrize("text", NOT_ASCII_DIGITS)
def test_digits_other_than_ascii_are_no_number(text):
    assert parse_integer(text) is None
    assert parse_integer("-" + text, signs="-") is None


@pytest.mark.parametrize("text", ["", "-", "+", " 1", "1 ", "1_000", "0x1", "1.0", "1e3", "--1",
                                  "+-1", "1\n", "\x001"])
def test_anything_but_plain_ascii_digits_is_no_number(text):
    assert parse_integer(text, signs="+-") is None


@given(digit_like)
@example("²")
@example("9" * 5000)  # beyond int()'s 4300-digit limit: refused by length, not by raising
def test_exactly_the_ascii_digit_strings_are_numbers(text):
    number = parse_integer(text)
    if ASCII_DIGITS.fullmatch(text):
        assert number == int(text)
    else:
        assert number is None


@given(st.integers(min_value=0, max_value=10**MAX_DIGITS - 1))
def test_every_integer_written_in_ascii_reads_back(number):
    assert parse_integer(str(number)) == number


@given(st.integers(min_value=-(10**MAX_DIGITS - 1), max_value=10**MAX_DIGITS - 1))
def test_a_sign_is_read_only_where_allowed(number):
    assert parse_integer(str(number), signs="-") == number
    assert parse_integer("+" + str(abs(number)), signs="+-") == abs(number)
    assert parse_integer("+" + str(abs(number)), signs="-") is None
    if number < 0:
        assert parse_integer(str(number)) is None


def test_more_digits_than_allowed_are_no_number():
    assert parse_integer("1" * MAX_DIGITS) == int("1" * MAX_DIGITS)
    assert parse_integer("1" * (MAX_DIGITS + 1)) is None
    assert parse_integer("1" * 40, max_digits=40) == int("1" * 40)


@pytest.mark.parametrize("value", [None, 7, 7.0, b"7", ["7"]])
def test_only_text_is_read(value):
    assert parse_integer(value) is None
