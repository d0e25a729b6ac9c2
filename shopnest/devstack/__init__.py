"""`make run`: the whole service on one machine, for trying it out and for development.

Starts embedded PostgreSQL and Redis under `.data/` unless DATABASE_URL / REDIS_URL name real
servers, keeps a generated SECRET_KEY in `.data/secret-key` (unless SECRET_KEY is set),
migrates, creates a demo admin agent once, then runs gunicorn, a Celery worker and
Celery beat with their output interleaved and prefixed. Ctrl-C stops all of it.
"""
