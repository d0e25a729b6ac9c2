"""Characters no text of ours may hold: NUL and lone surrogates.

PostgreSQL's text and jsonb cannot store NUL, and a lone surrogate (what JSON's "\\ud800"
decodes to) cannot be encoded as UTF-8 at all: either one reaching the database or a response
is a 500. Python strings never hold a *paired* surrogate (JSON's "\\ud83d\\ude00" decodes to
one astral character), so any surrogate code point in a str is a lone one.
"""

from __future__ import annotations

from shopnest.domain.storable import UNSTORABLE_CHARACTER as _UNSAFE


def unsafe_character(text: str) -> str | None:
    """Name the first NUL or lone surrogate in `text` ("the NUL character"), or None."""
    found = _UNSAFE.search(text)
    if found is None:
        return None
    char = found.group()
    return "the NUL character" if char == "\x00" else f"a lone surrogate (U+{ord(char):04X})"


def printable(text: str) -> str:
    """`text` with each NUL or lone surrogate written as a \\uXXXX escape: safe to echo back."""
    return _UNSAFE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
