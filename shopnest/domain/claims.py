"""Names of claim streams: a keyed hash of the claimed value, never the value itself.

A claim stream's id is kept in the store for ever (streams are append-only), so an id made
of an e-mail address would keep that address after its owner was erased. The id is instead
HMAC-SHA256 of the value under a server secret: equal values meet in one stream, and without
the secret nobody can test an address against the ids. The secret comes from the deployment
(`use_secret`, called when the kernel app starts): the domain stays free of settings.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable

_secret: Callable[[], bytes] | None = None


def use_secret(provider: Callable[[], bytes]) -> None:
    """Take claim keys under the secret `provider` returns (read at each call)."""
    global _secret
    _secret = provider


def configured() -> bool:
    return _secret is not None


def claim_key(value: object) -> str:
    """Return the stream key of a claimed value (already normalised by its caller)."""
    if _secret is None:
        raise RuntimeError("no claim secret is configured (shopnest.apps sets it at start-up)")
    return hmac.new(_secret(), str(value).encode(), hashlib.sha256).hexdigest()
