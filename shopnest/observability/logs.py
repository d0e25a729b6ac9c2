"""Every log line one JSON object: time, level, logger, message, the correlation id of the
work in hand when there is one, and the fields a caller passed in `extra`.

Configured for Django (config/settings.py LOGGING, which Celery workers use too) and gunicorn
(config/gunicorn.py) from `logging_config`.

No personal data: the kernel logs names and ids, never fields (docs/erasure.md). Exceptions
are the risk: PostgreSQL's message quotes the failing row below its first line (DETAIL), so
an exception is logged with its traceback and the first line of each message only, also where
a logger put the exception's text into the message (Celery's task failures do).
"""

from __future__ import annotations

import logging
import traceback

from pythonjsonlogger.json import JsonFormatter

from shopnest.observability import correlation


class CorrelationFilter(logging.Filter):
    """Give each record the current correlation id (a request's, a command's, a task's)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "correlation_id", None) is None:
            current = correlation.current()
            if current:
                record.correlation_id = current
        return True


def first_line(exc: BaseException) -> str:
    lines = str(exc).splitlines()
    return f"{type(exc).__name__}: {lines[0] if lines else ''}"


def _chain(exc: BaseException | None) -> list[BaseException]:
    seen: list[BaseException] = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    return seen


class DeskJsonFormatter(JsonFormatter):
    """python-json-logger's formatter, with exceptions cut to their first lines."""

    def formatException(self, ei) -> str:
        parts = []
        for exc in reversed(_chain(ei[1])):
            stack = "".join(traceback.format_tb(exc.__traceback__))
            parts.append(f"Traceback (most recent call last):\n{stack}{first_line(exc)}")
        return "\n\nThe above exception led to the following one:\n\n".join(parts)

    def add_fields(self, log_data, record, message_dict) -> None:
        super().add_fields(log_data, record, message_dict)
        # Celery's task failures repeat their context, the whole traceback included, as
        # `data`: the message and exc_info already say it, cut.
        log_data.pop("data", None)
        if record.exc_info and isinstance(log_data.get("message"), str):
            log_data["message"] = _cut_exception_text(log_data["message"], record.exc_info[1])


def _cut_exception_text(message: str, exc: BaseException | None) -> str:
    for link in _chain(exc):
        if len(str(link).splitlines()) > 1:
            for text in (repr(link), str(link)):
                message = message.replace(text, first_line(link))
    return message


def logging_config(level: str = "INFO") -> dict:
    """Return the dictConfig that makes every line JSON on standard error."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"correlation": {"()": CorrelationFilter}},
        "formatters": {"json": {
            "()": DeskJsonFormatter,
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": True,
        }},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json",
                                 "filters": ["correlation"]}},
        "root": {"handlers": ["console"], "level": level},
    }
