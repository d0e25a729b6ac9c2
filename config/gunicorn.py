"""gunicorn's settings for the desk's web processes: `gunicorn config.wsgi -c python:config.gunicorn`
(the image, docker compose and `make run` all start it so).

Bind address, workers and threads stay on the command line; this file holds what a command
line cannot: the hooks.
"""


def child_exit(server, worker):
    """Drop a dead worker's live metric files from the shared directory (prometheus_client's
    multi-process mode: docs/operations.md, Metrics), so a scrape does not count it."""
    from shopnest.observability.metrics import mark_process_dead

    mark_process_dead(worker.pid)
