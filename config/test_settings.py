"""Settings for the test suite: the real PostgreSQL and Redis, a key space of its own.

Projections run eagerly on commit (in-process) so API tests can read their writes; the
end-to-end tests start real Celery worker processes with the normal settings instead.
"""

import os
import uuid

os.environ.setdefault("CACHE_KEY_PREFIX", f"test-{uuid.uuid4().hex[:12]}")
# The service refuses to start without a key and hosts of its own (DEBUG is off here as in
# production). In the environment, so the worker processes the end-to-end tests start get
# the same ones.
os.environ.setdefault("SECRET_KEY", f"test-only-{uuid.uuid4().hex}{uuid.uuid4().hex}")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# One partition per projection unless a test asks for more (they name their partitions); in
# the environment, so the worker processes agree.
os.environ.setdefault("PROJECTION_PARTITIONS", "1")

from config.settings import *  # noqa: E402,F403
from config.settings import DATABASES  # noqa: E402

# A test database of this run's own, so concurrent runs on one machine never collide.
DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}

CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = False
SHOPNEST_CONSISTENCY_WAIT = 2.0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Far above what any test spends, so only the rate-limit tests (which set a small budget of
# their own) ever see a 429.
API_RATE_LIMIT_PER_MINUTE = 1_000_000
# Failure tests retry at once unless they test the backoff itself (they set it).
SHOPNEST_PROJECTION_RETRY_BASE = 0.0
# Event streams end quickly (schemathesis calls them like any operation); the stream tests
# set the timings they exercise.
SHOPNEST_FEED_STREAM_SECONDS = 0.2
SHOPNEST_FEED_HEARTBEAT_SECONDS = 0.1
SHOPNEST_FEED_POLL_SECONDS = 0.05
