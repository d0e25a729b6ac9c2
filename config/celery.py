"""The Celery application: projections and every other background job run here."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("shopnest")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
