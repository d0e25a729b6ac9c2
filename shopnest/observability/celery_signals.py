"""Celery's side of observability: a task carries the correlation id current when it was
enqueued (a message header) and runs under it; a pool process that ends drops its live
metric files.

Connected once per process (shopnest/apps.py), in web and worker processes alike: publishing
happens in both, running only in workers.
"""

from __future__ import annotations

import os
from contextvars import Token

from celery import signals

from shopnest.observability import correlation

HEADER = "shopnest_correlation_id"
_running: dict[str, Token] = {}


def _add_correlation_header(headers=None, **_) -> None:
    current = correlation.current()
    if current and headers is not None:
        headers[HEADER] = current


def _bind_task_correlation(task_id=None, task=None, **_) -> None:
    # A task run eagerly (the test suite) runs inside its sender's context already.
    carried = correlation.well_formed(getattr(task.request, HEADER, None)) if task else None
    if carried and task_id:
        _running[task_id] = correlation.bind(carried)


def _unbind_task_correlation(task_id=None, **_) -> None:
    token = _running.pop(task_id, None)
    if token is not None:
        correlation.unbind(token)


def _process_ended(**_) -> None:
    from shopnest.observability.metrics import mark_process_dead

    mark_process_dead(os.getpid())


def connect() -> None:
    signals.before_task_publish.connect(_add_correlation_header, weak=False,
                                        dispatch_uid="shopnest-correlation-publish")
    signals.task_prerun.connect(_bind_task_correlation, weak=False,
                                dispatch_uid="shopnest-correlation-prerun")
    signals.task_postrun.connect(_unbind_task_correlation, weak=False,
                                 dispatch_uid="shopnest-correlation-postrun")
    signals.worker_process_shutdown.connect(_process_ended, weak=False,
                                            dispatch_uid="shopnest-metrics-process-shutdown")
