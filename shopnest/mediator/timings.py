"""In-process timing of handled messages: a bounded sample per message type.

Cheap enough for every request; read by the health endpoint and the benchmark.
"""

from __future__ import annotations

import threading
from collections import defaultdict, deque

_SAMPLE = 2048
_lock = threading.Lock()
_samples: dict[str, deque[float]] = defaultdict(lambda: deque(maxlen=_SAMPLE))


def record(name: str, seconds: float) -> None:
    with _lock:
        _samples[name].append(seconds)


def summary() -> dict[str, dict[str, float]]:
    """Return count, p50 and p99 (milliseconds) of the recent sample of each message type."""
    out = {}
    with _lock:
        items = {k: sorted(v) for k, v in _samples.items()}
    for name, values in items.items():
        if not values:
            continue
        out[name] = {
            "count": len(values),
            "p50_ms": round(values[len(values) // 2] * 1000, 2),
            "p99_ms": round(values[min(len(values) - 1, int(len(values) * 0.99))] * 1000, 2),
        }
    return out
