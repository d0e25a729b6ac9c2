"""In-process timing of handled messages: a count and a bounded recent sample per type.

Cheap enough for every request; shown by /healthz (for the process that answers).
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict, deque

_SAMPLE = 2048
_lock = threading.Lock()
_samples: dict[str, deque[float]] = defaultdict(lambda: deque(maxlen=_SAMPLE))
_counts: Counter[str] = Counter()


def record(name: str, seconds: float) -> None:
    with _lock:
        _samples[name].append(seconds)
        _counts[name] += 1


def summary() -> dict[str, dict[str, float]]:
    """Return, per message type, how many were handled and the p50/p99 (ms) of recent ones."""
    with _lock:
        items = {k: sorted(v) for k, v in _samples.items()}
        counts = dict(_counts)
    out = {}
    for name, values in items.items():
        if not values:
            continue
        out[name] = {
            "count": counts[name],
            "p50_ms": round(values[len(values) // 2] * 1000, 2),
            "p99_ms": round(values[min(len(values) - 1, int(len(values) * 0.99))] * 1000, 2),
        }
    return out
