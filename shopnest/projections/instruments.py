"""What a projection batch reports once it commits: its size and duration (histograms per
projection) and one log line naming the correlation ids of the events it applied.

The runner marks a batch's start with `@observed` and applies events through `apply`; the
report is made on commit, so a batch rolled back (a moved checkpoint, a failing handler)
reports nothing, and the duration covers lock, read, apply, checkpoint and commit. A joint
batch (joint.py) reports once per projection it applied events to, each with the whole
batch's duration.
"""

from __future__ import annotations

import functools
import logging
import time
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import transaction

from shopnest.observability import correlation
from shopnest.observability.metrics import BATCH_EVENTS, BATCH_SECONDS

log = logging.getLogger("shopnest.projections")

# How many distinct correlation ids one batch's log line names; the rest are only counted.
CORRELATION_IDS_LOGGED = 20


@dataclass
class _Batch:
    started: float
    projection: str = ""
    events: int = 0
    correlation_ids: dict[str, None] = field(default_factory=dict)  # ordered, distinct
    reporting: bool = False

    def add(self, projection: str, events) -> None:
        self.projection = projection
        self.events += len(events)
        for record in events:
            carried = record.metadata.get("correlation_id")
            if carried:
                self.correlation_ids.setdefault(str(carried))

    def report(self) -> None:
        seconds = time.perf_counter() - self.started
        BATCH_EVENTS.labels(self.projection).observe(self.events)
        BATCH_SECONDS.labels(self.projection).observe(seconds)
        ids = list(self.correlation_ids)
        # A batch of one command's events is that command's work, whichever run applied it
        # (a lingering run serves commands that sent it nothing: linger.py).
        with correlation.bound(ids[0] if len(ids) == 1 else correlation.current()):
            self._log(seconds, ids)

    def _log(self, seconds: float, ids: list[str]) -> None:
        log.info("projection %s applied %s events in %.1f ms", self.projection, self.events,
                 seconds * 1000, extra={
                     "projection": self.projection, "events": self.events,
                     "duration_ms": round(seconds * 1000, 3),
                     "correlation_ids": ids[:CORRELATION_IDS_LOGGED],
                     "correlation_ids_omitted": max(0, len(ids) - CORRELATION_IDS_LOGGED)})


# The metadata a batch's log line reads of its events (every projection's batches need it).
METADATA_KEYS = ("correlation_id",)

@dataclass
class _Observed:
    """One batch in the making: when it started, and what it applied to each projection."""

    started: float = field(default_factory=time.perf_counter)
    batches: dict[str, _Batch] = field(default_factory=dict)

    def batch_of(self, projection: str) -> _Batch:
        if projection not in self.batches:
            self.batches[projection] = _Batch(started=self.started)
        return self.batches[projection]


_current: ContextVar[_Observed | None] = ContextVar("projection_batch", default=None)


def observed(run_batch):
    """Mark the start of a batch for the duration `apply` reports."""

    @functools.wraps(run_batch)
    def observing(*args, **kwargs):
        token = _current.set(_Observed())
        try:
            return run_batch(*args, **kwargs)
        finally:
            _current.reset(token)

    return observing


def apply(projection, events) -> None:
    """Apply `events` to `projection`, and report the batch once its transaction commits."""
    projection.apply(events)
    batch = (_current.get() or _Observed()).batch_of(projection.name)
    batch.add(projection.name, events)
    if not batch.reporting:
        batch.reporting = True
        transaction.on_commit(batch.report)
