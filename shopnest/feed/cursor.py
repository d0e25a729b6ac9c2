"""Feed cursors: a position in commit-safe order, opaque and signed.

A cursor is `<urlsafe base64 of [version, tx, position]>.<signature>` (django.core.signing,
keyed by SECRET_KEY, so SECRET_KEY_FALLBACKS keep cursors valid through a key rotation). It
is signed because it is the client's to keep but not to make: any position is a safe place
to start reading, but a made-up one (a transaction id beyond the horizon, say) would make a
client skip events without knowing it. Everything URL-safe, so it travels as a query
parameter, a Link header and an SSE `id:` unchanged.
"""

from __future__ import annotations

import re

from django.core import signing

from shopnest.eventstore.records import ORIGIN, Position

VERSION = 1
_SALT = "shopnest.feed.cursor"
# A cursor this module writes is about 70 characters of this alphabet; anything else is not
# one (and never reaches the signature check: lone surrogates cannot even be encoded).
_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,200}\.[A-Za-z0-9_-]{1,100}", re.ASCII)
_BIGINT = 1 << 63


class InvalidCursor(ValueError):
    """The text is no cursor this feed gave."""


def _signer() -> signing.Signer:
    return signing.Signer(salt=_SALT, sep=".")


def encode(position: Position) -> str:
    """Return the cursor that resumes reading after `position`."""
    return _signer().sign_object([VERSION, position.tx, position.position])


def decode(text: str | None) -> Position:
    """Return the position a cursor stands for (ORIGIN for none); InvalidCursor otherwise."""
    if text is None or text == "":
        return ORIGIN
    if not isinstance(text, str) or not _SHAPE.fullmatch(text):
        raise InvalidCursor(text)
    try:
        payload = _signer().unsign_object(text)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise InvalidCursor(text) from exc
    match payload:
        case [1, int(tx), int(position)] if 0 <= tx < _BIGINT and 0 <= position < _BIGINT:
            return Position(tx, position)
    raise InvalidCursor(text)
