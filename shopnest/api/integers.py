"""The one reader of integers written as text (query parameters, headers, form fields, admin
URLs and filters).

Neither `str.isdigit()` nor `int()` is a test of "a number a client typed": "²".isdigit() is
true but int("²") raises (a 500), and int() happily reads Arabic-Indic "٣" or fullwidth "１２".
Only ASCII 0-9 spell a number here, and never more than a bounded number of them.
"""

from __future__ import annotations

import re

_ASCII_DIGITS = re.compile("[0-9]+", re.ASCII)

# The router's id limit: 18 digits always fit PostgreSQL's bigint, and stay far below the
# 4300 digits beyond which int() refuses to read a string.
MAX_DIGITS = 18
# For numbers whose range someone else checks (the domain, a form's bounds): long enough that
# any out-of-range value still reaches that check and its message, far below int()'s limit.
MAX_NUMBER_DIGITS = 100


def parse_integer(text: object, *, signs: str = "", max_digits: int = MAX_DIGITS) -> int | None:
    """Return the integer `text` spells in 1..`max_digits` ASCII digits, optionally after one
    of the characters in `signs` (e.g. "-" or "+-"); None for anything else. Never raises."""
    if not isinstance(text, str):
        return None
    sign = text[:1]
    digits = text[1:] if sign and sign in signs else text
    if len(digits) > max_digits or not _ASCII_DIGITS.fullmatch(digits):
        return None
    return int(text)
