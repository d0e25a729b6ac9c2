"""`make run`: the whole service on one machine, for trying it out and for development.

Starts embedded PostgreSQL and Redis under `.data/` unless DATABASE_URL / REDIS_URL name real
servers, migrates, creates a demo admin agent once, then runs gunicorn, a Celery worker and
Celery beat with their output interleaved and prefixed. Ctrl-C stops all of it.
"""
