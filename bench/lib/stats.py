"""Order statistics of a list of durations (seconds in, milliseconds out)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Summary:
    """Distribution of one measured quantity, in milliseconds."""

    count: int
    p50: float
    p90: float
    p99: float
    max: float
    mean: float

    def as_dict(self) -> dict:
        return asdict(self)


def percentile(ordered: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list: a value that was really observed."""
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summarize(seconds: list[float]) -> Summary | None:
    """Summarize durations given in seconds; None when there is nothing to summarize."""
    if not seconds:
        return None
    ms = sorted(value * 1000 for value in seconds)
    return Summary(
        count=len(ms),
        p50=percentile(ms, 50),
        p90=percentile(ms, 90),
        p99=percentile(ms, 99),
        max=ms[-1],
        mean=sum(ms) / len(ms),
    )
