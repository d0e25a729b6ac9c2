"""API keys: generated once, shown once, stored only as a hash."""

from __future__ import annotations

import hashlib
import secrets


def new_api_key() -> str:
    # Hex, so a key never starts with "-" and pastes safely into `curl -u KEY:X`.
    return secrets.token_hex(20)


def hash_api_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()
