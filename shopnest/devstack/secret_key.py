"""The `make run` desk's own SECRET_KEY: generated once, kept in `.data/secret-key` (0600)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def load_or_create(path: Path) -> str:
    """Return the key stored at `path`, generating and storing a random one the first time.

    The file is created with mode 0600 in one step (never readable by others, not even for a
    moment), and an existing file is never rewritten: sessions and signed values survive
    restarts."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text().strip()
        if not key:
            raise RuntimeError(f"{path} is empty: delete it to have a new key generated") from None
        return key
    key = secrets.token_urlsafe(64)
    with os.fdopen(fd, "w") as out:
        out.write(key + "\n")
    return key
