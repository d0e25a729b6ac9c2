"""Settings, all taken from the environment (see README for the variables)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from shopnest.observability.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value else default


def env_positive_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip() or str(default)
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise ImproperlyConfigured(f"{name} must be a whole number of at least 1, not {value!r}")
    return int(value)


def env_limits(name: str) -> dict[str, int]:
    """Parse `name=limit,name=limit` (e.g. `tickets_list=20,tickets_create=80`)."""
    limits = {}
    for entry in filter(None, (e.strip() for e in os.environ.get(name, "").split(","))):
        key, _, value = (part.strip() for part in entry.partition("="))
        if not key or not value.isascii() or not value.isdigit() or int(value) < 1:
            raise ImproperlyConfigured(f"{name}: {entry!r} is not of the form endpoint=limit "
                                       "with a limit of at least 1, e.g. tickets_list=20")
        limits[key] = int(value)
    return limits


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
# Outside DEBUG the service refuses to start on a key anyone can read (a missing one, or a
# placeholder published in this repository) or without naming the hosts it answers for.
# `make run` keeps a generated key in .data/secret-key; docker compose takes one from the
# environment. With DEBUG on, Django's defaults apply (localhost only).
PUBLISHED_SECRET_KEYS = {"dev-insecure-change-me", "change-me-in-production"}
if not DEBUG and (not SECRET_KEY or SECRET_KEY in PUBLISHED_SECRET_KEYS):
    raise ImproperlyConfigured(
        "SECRET_KEY is not set (or is a published placeholder): set the SECRET_KEY environment "
        "variable to a long random string of this desk's own, e.g. the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(64))'` (or DEBUG=1 to develop).")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set: set the ALLOWED_HOSTS environment variable to the host names "
        "this desk is reached by, comma-separated, e.g. ALLOWED_HOSTS=desk.example.com "
        "(or DEBUG=1 to develop).")
SECRET_KEY = SECRET_KEY or "dev-insecure-change-me"
# Former keys, comma-separated, still accepted for what they signed (sessions, change-feed
# cursors) while clients move to the new SECRET_KEY.
SECRET_KEY_FALLBACKS = [k.strip() for k in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",")
                        if k.strip()]

# HTTPS_ONLY=1: the desk is served over HTTPS by a proxy that terminates TLS and sets
# X-Forwarded-Proto (overwriting any the client sent). Pages redirect to https://, cookies
# are secure-only, browsers are told to use HTTPS (HSTS), and a plain-HTTP /api/ call is
# answered 403 ssl_required (shopnest.api.https). /healthz stays reachable over plain HTTP for
# container and load-balancer health checks.
HTTPS_ONLY = env_bool("HTTPS_ONLY", False)
if HTTPS_ONLY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^api/", r"^healthz(/live)?$", r"^metrics$"]
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

INSTALLED_APPS = [
    # Before auth: its createsuperuser and changepassword replace Django's (which would write
    # the agents' rows around the event store).
    "people.cli.apps.PeopleCommandsConfig",
    "people.admin_apps.ShopNestAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "shopnest.apps.ShopnestConfig",
    # After auth: its ready() takes Django's last_login writer off the sign-in signal.
    "people.apps.PeopleConfig",
    "tickets.apps.TicketsConfig",
]

MIDDLEWARE = [
    "shopnest.api.middleware.ApiResponseHeadersMiddleware",
    # Next: every /api/v2/ answer below it (400s of refused text, 403 ssl_required, 401s,
    # 404s) is counted and carries the X-RateLimit-* headers; a 429 still has the request id.
    "shopnest.api.ratelimit.middleware.ApiRateLimitMiddleware",
    "shopnest.api.middleware.RefuseUnsafeTextMiddleware",
    # Before SecurityMiddleware: plain-HTTP API calls get 403 ssl_required, not a redirect.
    "shopnest.api.https.RequireHttpsForApiMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Freshdesk clients call /api/v2/tickets without a trailing slash and also with one; never
# redirect an API call.
APPEND_SLASH = False

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/shopnest"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
DATABASES["default"].setdefault("OPTIONS", {})
# A writing transaction left open holds every projector back (DESIGN.md): cap idle ones.
DATABASES["default"]["OPTIONS"].setdefault(
    "options", "-c idle_in_transaction_session_timeout=30000"
)

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "shopnest")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": CACHE_KEY_PREFIX,
    }
}

AUTH_PASSWORD_VALIDATORS = []
# Agents sign in with their e-mail address; nothing about signing in writes the user row.
AUTHENTICATION_BACKENDS = ["people.backends.AgentEmailBackend"]
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = os.environ.get("STATIC_ROOT") or None
# Serve static files (admin, API docs) straight from the installed apps: no collectstatic step.
WHITENOISE_USE_FINDERS = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Largest request body accepted (Freshdesk allows 20 MB of attachments per ticket).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("MAX_REQUEST_BYTES", str(20 * 1024 * 1024)))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["people.auth.ApiKeyBasicAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["shopnest.api.permissions.IsAgent"],
    "DEFAULT_RENDERER_CLASSES": ["shopnest.api.renderers.FreshdeskJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "shopnest.api.parsers.FreshdeskJSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "shopnest.api.negotiation.FreshdeskContentNegotiation",
    "EXCEPTION_HANDLER": "shopnest.api.errors.freshdesk_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "ShopNest Helpdesk API",
    "DESCRIPTION": "Freshdesk v2 compatible ticket API over an event-sourced core.",
    "VERSION": "2",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["shopnest.api.openapi.drop_trailing_slash_duplicates"],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "shopnest.api.ratelimit.openapi.document_rate_limits"],
}



def broker_url(redis_url: str) -> str:
    """Return Celery's URL for the Redis at `redis_url` (a unix socket is spelt differently)."""
    if redis_url.startswith("unix://"):
        path, _, query = redis_url.removeprefix("unix://").partition("?")
        db = dict(p.split("=", 1) for p in query.split("&") if "=" in p).get("db", "0")
        return f"redis+socket://{path}?virtual_host={db}"
    return redis_url


CELERY_BROKER_URL = broker_url(REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "shopnest")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BROKER_TRANSPORT_OPTIONS = {"global_keyprefix": os.environ.get("CELERY_KEY_PREFIX", "")}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker takes a message only when one of its processes is free to run it. Otherwise a
# message waits unacknowledged in a worker whose processes are busy (a lingering projection
# run holds one for seconds) instead of in the queue, where another worker could take it, and
# a broker reconnect must restore it: kombu's restore on reconnect is where a worker's
# consumer was seen to die when Redis went away (tests/e2e/test_faults_redis_outage.py).
CELERY_WORKER_DISABLE_PREFETCH = True
# Celery's Django fixup closes every database connection after each task unless this is set:
# a projection run then paid for a new PostgreSQL connection (a backend started on the
# server) every time, about a fifth of a worker's time under load. Kept instead, and
# checked before each task as Django checks them around a request (config/celery.py).
CELERY_DB_REUSE_MAX = 1_000_000
CELERY_BEAT_SCHEDULE = {
    "projection-sweep": {
        "task": "shopnest.projections.tasks.sweep_projections",
        "schedule": env_float("PROJECTION_SWEEP_SECONDS", 1.0),
    },
    "purge-idempotency-records": {
        "task": "shopnest.tasks.purge_idempotency_records",
        "schedule": 3600.0,
    },
}

# --- ShopNest behaviour -----------------------------------------------------------------
# Who may use the back office (the kernel's admin pages ask this rule).
SHOPNEST_BACK_OFFICE_USER = "people.access.is_agent"
# Public base URL used in Location and Link headers.
SHOPNEST_BASE_URL = os.environ.get("BASE_URL", "")
# How long a query waits for projections to reach the caller's last write (seconds).
SHOPNEST_CONSISTENCY_WAIT = env_float("CONSISTENCY_WAIT_SECONDS", 3.0)
# Freshdesk's exact list limits (30-day default window, 300-page cap) for clients relying on them.
SHOPNEST_FRESHDESK_LIST_LIMITS = env_bool("FRESHDESK_LIST_LIMITS", False)
# How many times a conflicting commutative command (reply, note, tag) is retried server-side.
SHOPNEST_COMMAND_RETRIES = int(os.environ.get("COMMAND_RETRIES", "5"))
# Stream states each process remembers for its commands (shopnest/eventstore/state_cache.py),
# bounded by the events folded into them: a load then reads and folds only what is new.
SHOPNEST_STREAM_CACHE_EVENTS = int(os.environ.get("STREAM_CACHE_EVENTS", "200000"))
# ... and for at most this long (seconds) after a state was remembered: then folded afresh.
SHOPNEST_STREAM_CACHE_SECONDS = env_float("STREAM_CACHE_SECONDS", 600.0)
# Ids of new tickets, contacts, conversations, ... each process takes from their sequences
# this many at a time (shopnest/eventstore/ids.py): fewer round trips per command, at the
# cost of ids that increase only within a process. 1: one at a time.
SHOPNEST_ID_BLOCK = env_positive_int("ID_BLOCK", 16)
# Projection runner: events per batch and failures before a projection is marked stalled.
# 10,000: a catch-up rewrites a ticket's row once per batch it appears in, so larger batches
# write fewer rows (about 10 % faster than 5,000 in bench/projection_bench.py, peak RSS 221
# against 197 MiB; 20,000 gained little more for 284 MiB).
SHOPNEST_PROJECTION_BATCH = int(os.environ.get("PROJECTION_BATCH", "10000"))
# ... and bytes of event data per batch (as stored), whichever bound comes first: a catch-up
# or rebuild reads large batches, each holding a bounded amount of memory.
SHOPNEST_PROJECTION_BATCH_BYTES = int(os.environ.get("PROJECTION_BATCH_BYTES", str(16 * 2**20)))
SHOPNEST_PROJECTION_MAX_FAILURES = int(os.environ.get("PROJECTION_MAX_FAILURES", "10"))
# Partitions of each partitionable projection (1 to 64): that many workers, on any machines,
# project it in parallel. Every worker and web process must agree on it (docs/operations.md).
SHOPNEST_PROJECTION_PARTITIONS = int(os.environ.get("PROJECTION_PARTITIONS", "4"))
# Events per batch of a rebuild (`manage.py projections rebuild`): large, as nobody waits on
# those tables while they are built.
SHOPNEST_PROJECTION_REBUILD_BATCH = int(os.environ.get("PROJECTION_REBUILD_BATCH", "10000"))
# A failed batch is retried after RETRY_BASE × 2^(failures − 1) seconds, at most RETRY_MAX:
# ten failures in a row then take about four minutes, so a transient fault passes.
SHOPNEST_PROJECTION_RETRY_BASE = float(os.environ.get("PROJECTION_RETRY_BASE", "1"))
SHOPNEST_PROJECTION_RETRY_MAX = float(os.environ.get("PROJECTION_RETRY_MAX", "60"))
# A kicked run stays after it is caught up and serves every partition, each as soon as a
# commit marks it, until nothing was marked for LINGER seconds (0: leave at once), and for
# LINGER_LIFETIME seconds at most (shopnest/projections/linger.py); one at a time. Commits
# meanwhile send the broker nothing. No message waits in a worker behind a lingering run
# (CELERY_WORKER_DISABLE_PREFETCH), so a broker reconnect has nothing to restore.
SHOPNEST_PROJECTION_LINGER_SECONDS = env_float("PROJECTION_LINGER_SECONDS", 1.0)
SHOPNEST_PROJECTION_LINGER_LIFETIME = env_float("PROJECTION_LINGER_LIFETIME", 5.0)
# How long a command's outcome is replayed for a repeated Idempotency-Key (hours).
SHOPNEST_IDEMPOTENCY_HOURS = env_float("IDEMPOTENCY_HOURS", 24.0)
# The secret claim stream ids are hashed under (shopnest/domain/claims.py). Empty: derived
# from SECRET_KEY, so rotating SECRET_KEY then orphans every claim; set it to rotate freely.
SHOPNEST_CLAIM_HASH_KEY = os.environ.get("CLAIM_HASH_KEY", "")
# /healthz fails when a projection loop has not beaten for this long (seconds).
SHOPNEST_MAX_HEARTBEAT_AGE = env_float("MAX_HEARTBEAT_AGE_SECONDS", 60.0)

# API rate limits (FRESHDESK_API.md §7, shopnest/api/ratelimit): credits per minute for the
# whole desk, counted in Redis across every web process. A call costs 1 credit plus what its
# `include=` adds; every /api/v2/ call counts, failed ones too.
API_RATE_LIMIT_PER_MINUTE = env_positive_int("API_RATE_LIMIT_PER_MINUTE", 3000)
# Per-endpoint sub-limits in credits per minute, off unless set: names are
# `<resource>_<list|create|view|update|delete>`, e.g. Freshdesk's Pro plan is
# API_RATE_SUB_LIMITS=tickets_create=160,tickets_update=160,tickets_list=100,contacts_list=100
API_RATE_SUB_LIMITS = env_limits("API_RATE_SUB_LIMITS")
# What each embedded resource adds to a call, as Freshdesk charges: 1 credit per include on a
# ticket view, 2 per include on the ticket list.
API_RATE_INCLUDE_CREDITS = {
    "tickets_view": {"conversations": 1, "requester": 1, "company": 1, "stats": 1},
    "tickets_list": {"stats": 2, "requester": 2, "description": 2, "company": 2},
}
# The Redis the budget is counted in (the broker's by default).
API_RATE_LIMIT_REDIS_URL = os.environ.get("API_RATE_LIMIT_REDIS_URL", REDIS_URL)

# The change feed (docs/change_feed.md): events a request scans at most, whatever the caller
# may see of them; and the server-sent event streams: at most FEED_STREAMS_PER_PROCESS at
# once per web process (each holds a thread; 429 beyond), each living FEED_STREAM_SECONDS
# before the client reconnects (after FEED_RETRY_MS) with Last-Event-ID, polling the store
# every FEED_POLL_SECONDS and writing a heartbeat after FEED_HEARTBEAT_SECONDS of silence.
SHOPNEST_FEED_SCAN_LIMIT = env_positive_int("FEED_SCAN_LIMIT", 1000)
SHOPNEST_FEED_STREAMS = env_positive_int("FEED_STREAMS_PER_PROCESS", 2)
SHOPNEST_FEED_STREAM_SECONDS = env_float("FEED_STREAM_SECONDS", 60.0)
SHOPNEST_FEED_HEARTBEAT_SECONDS = env_float("FEED_HEARTBEAT_SECONDS", 15.0)
SHOPNEST_FEED_POLL_SECONDS = env_float("FEED_POLL_SECONDS", 1.0)
SHOPNEST_FEED_RETRY_MS = env_positive_int("FEED_RETRY_MS", 2000)

# Every line is JSON with the correlation id of its request, command or task
# (shopnest/observability/logs.py; docs/operations.md, Logs). Celery workers keep this
# configuration instead of installing their own.
LOGGING = logging_config(os.environ.get("LOG_LEVEL", "INFO"))
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Prometheus' multi-process mode (docs/operations.md, Metrics): the directory every web and
# worker process of the machine counts into, added up by a scrape of /metrics. It must exist;
# prometheus_client reads the variable itself as each process starts. Unset, a process's
# /metrics shows its own counts only.
PROMETHEUS_MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
# Address replies are sent from (the support mailbox).
SHOPNEST_SUPPORT_EMAIL = os.environ.get("SUPPORT_EMAIL", "support@shopnest.example")
