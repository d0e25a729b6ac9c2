"""The Celery application: projections and every other background job run here."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("shopnest")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.task_prerun.connect(weak=False)
def _drop_stale_connections(**_) -> None:
    """Close a connection that broke or outlived CONN_MAX_AGE before the task uses it (what
    Django does around each request): with CELERY_DB_REUSE_MAX, connections outlive tasks."""
    from django.db import close_old_connections

    close_old_connections()
