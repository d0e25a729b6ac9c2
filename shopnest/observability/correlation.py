"""The correlation id of the work in hand, from an HTTP request to the commands it sends, the
events they append and the Celery tasks they enqueue.

Held in a context variable: set by the request middleware for a request, by the mediator for
a command (to the id in its MessageContext), by the Celery signals (celery_signals.py) for a
task; read by the log filter (logs.py) and by a MessageContext made without one.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token

MAX_LENGTH = 100
# What an id taken from a client (or a message) may be: printable, no spaces, quotes,
# separators or control characters, so it can go into a header, a log line and the events'
# metadata as it is. UUIDs, ULIDs, hex digests and the usual proxies' request ids fit.
_WELL_FORMED = re.compile(rf"[A-Za-z0-9][A-Za-z0-9._:+/=-]{{0,{MAX_LENGTH - 1}}}")

_current: ContextVar[str | None] = ContextVar("correlation_id", default=None)


def well_formed(value: object) -> str | None:
    """Return `value` if it can be adopted as an id as it is, else None."""
    if isinstance(value, str) and _WELL_FORMED.fullmatch(value):
        return value
    return None


def new_id() -> str:
    return uuid.uuid4().hex


def current() -> str | None:
    """Return the correlation id of the work in hand, if any."""
    return _current.get()


def bind(correlation_id: str | None) -> Token:
    """Make `correlation_id` the current one until `unbind` of the token returned."""
    return _current.set(correlation_id)


def unbind(token: Token) -> None:
    _current.reset(token)


@contextmanager
def bound(correlation_id: str | None) -> Iterator[None]:
    """Make `correlation_id` the current one until the block ends."""
    token = bind(correlation_id)
    try:
        yield
    finally:
        unbind(token)
