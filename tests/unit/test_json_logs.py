"""Log lines are JSON objects carrying the correlation id of the work in hand, and keep an
exception's first line only (PostgreSQL's DETAIL quotes a row: docs/erasure.md)."""

from __future__ import annotations

import io
import json
import logging

import pytest

from shopnest.observability import correlation
from shopnest.observability.logs import logging_config


def _built(spec: dict):
    spec = dict(spec)
    return spec.pop("()")(**spec)


@pytest.fixture
def lines():
    """A logger with the formatter and filter the desk's configuration gives its handler,
    writing into a buffer (the process's own logging left as it is)."""
    config = logging_config("INFO")
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(_built(config["formatters"]["json"]))
    handler.addFilter(_built(config["filters"]["correlation"]))
    log = logging.getLogger("desk.test")
    log.addHandler(handler)
    log.propagate = False

    def read() -> list[dict]:
        return [json.loads(line) for line in buffer.getvalue().splitlines()]

    yield log, read
    log.removeHandler(handler)


ROW = "DETAIL:  Key (email)=(kim@example.com) already exists."


def _failure() -> Exception:
    try:
        try:
            raise ValueError("duplicate key value\n" + ROW)
        except ValueError as cause:
            raise RuntimeError("batch failed") from cause
    except RuntimeError as exc:
        return exc


def test_a_line_is_one_json_object_with_the_current_correlation_id_and_extra_fields(lines):
    log, read = lines
    with correlation.bound("req-1"):
        log.info("projection %s applied", "tickets", extra={"events": 3})
    log.info("outside any request")

    first, second = read()
    assert first["message"] == "projection tickets applied"
    assert (first["level"], first["logger"], first["events"]) == ("INFO", "desk.test", 3)
    assert first["correlation_id"] == "req-1" and "timestamp" in first
    assert "correlation_id" not in second


def test_an_exception_is_logged_with_its_traceback_and_first_lines_only(lines):
    log, read = lines
    exc = _failure()

    log.error("Task raised unexpected: %r", exc.__cause__, exc_info=exc,
              extra={"data": {"exc": repr(exc.__cause__), "traceback": ROW}})

    (line,) = read()
    text = json.dumps(line)
    assert "kim@example.com" not in text and "DETAIL" not in text, text
    assert line["message"] == "Task raised unexpected: ValueError: duplicate key value"
    assert "ValueError: duplicate key value" in line["exc_info"]
    assert "RuntimeError: batch failed" in line["exc_info"]
    assert "Traceback (most recent call last)" in line["exc_info"]
    assert "data" not in line
