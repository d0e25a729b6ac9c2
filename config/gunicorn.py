"""gunicorn's settings for the desk's web processes: `gunicorn config.wsgi --config
python:config.gunicorn` (the image, docker compose and `make run` all start it so).

Bind address, workers and threads stay on the command line; this file holds what a command
line cannot: the hooks, and gunicorn's own log lines as JSON like the desk's.
"""

import os

from shopnest.observability.logs import logging_config

# gunicorn's error and access lines go through the root logger's JSON handler (Django's
# LOGGING sets up the same one again when the application loads).
logconfig_dict = {
    **logging_config(os.environ.get("LOG_LEVEL", "INFO")),
    "loggers": {name: {"level": "INFO", "handlers": [], "propagate": True}
                for name in ("gunicorn.error", "gunicorn.access")},
}
# One line per request: method, path without its query string (a search or a filter may
# name a person), status, bytes, milliseconds and the request's ids; no client address.
access_log_format = ('%(m)s %(U)s %(s)s %(B)sB %(M)sms request_id=%({x-request-id}o)s '
                     'correlation_id=%({x-correlation-id}o)s')


def child_exit(server, worker):
    """Drop a dead worker's live metric files from the shared directory (prometheus_client's
    multi-process mode: docs/operations.md, Metrics), so a scrape does not count it."""
    from shopnest.observability.metrics import mark_process_dead

    mark_process_dead(worker.pid)
