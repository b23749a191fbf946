"""Settings for Ontraccr Clone, read from the environment with defaults that run anywhere."""

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
FRONTEND_DIST = BASE_DIR / "frontend" / "dist"

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# Development runs with a fixed key; production must bring its own.
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY",
    **(
        {"default": "django-insecure-local-development-key-do-not-use-in-production"}
        if DEBUG
        else {}
    ),
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "django_tasks",
    "ontraccr_clone.accounts",
    "ontraccr_clone.catalog",
    "ontraccr_clone.demo",
    "workflows",
    # After workflows, whose `db_worker` command (recovering runs first) replaces this one's.
    "django_tasks_db",
    "integrations.qbo_sandbox",
    "integrations.quickbooks",
]

MIDDLEWARE = [
    "ontraccr_clone.middleware.ConnectionsReturnedMiddleware",  # outermost: see its docstring
    "ontraccr_clone.middleware.RequestIdMiddleware",  # before any that logs: see its docstring
    "ontraccr_clone.middleware.ApiAnswersJsonMiddleware",  # first: see its docstring
    "django.middleware.security.SecurityMiddleware",
    "ontraccr_clone.content_security_policy.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ontraccr_clone.middleware.OneThreadPerRequestMiddleware",  # last: see its docstring
]

ROOT_URLCONF = "ontraccr_clone.urls"
WSGI_APPLICATION = "ontraccr_clone.wsgi.application"
ASGI_APPLICATION = "ontraccr_clone.asgi.application"

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
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
ON_SQLITE = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
# Tasks a worker process runs at once (see workflows/engine/worker.py), each in a thread with a
# database connection of its own. SQLite lets one writer in at a time: more would only queue.
WORKFLOW_WORKER_THREADS = env.int("WORKFLOW_WORKER_THREADS", default=1 if ON_SQLITE else 4)
if ON_SQLITE:
    # A file, not memory, so that browser tests can share it with the server process they start;
    # a busy timeout and immediate transactions so the web server and the worker can both write.
    # One file per test run, so that runs side by side do not share it.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test-db-{os.getpid()}.sqlite3")}
    # The backend queues a process's writers on a lock (see ontraccr_clone/sqlite). Write-ahead
    # logging lets reads go on while a write commits; synchronous=NORMAL syncs the log to disk at
    # checkpoints rather than at every commit: a crash of the process loses nothing, a power
    # failure may lose the last commits. PostgreSQL syncs every commit.
    DATABASES["default"]["ENGINE"] = "ontraccr_clone.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
elif env.bool("DJANGO_DB_POOL", default=True):
    # PostgreSQL: each process keeps a bounded pool of connections (psycopg's). Under ASGI every
    # request runs in a thread of its own, so persistent per-thread connections (CONN_MAX_AGE > 0)
    # would pile up; the pool lends a connection per request and caps the total at
    # processes x DJANGO_DB_POOL_MAX. A request that finds the pool busy waits for a connection.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["OPTIONS"] = {
        "pool": {
            "min_size": env.int("DJANGO_DB_POOL_MIN", default=1),
            # Enough for a worker's threads, its two heartbeats (leases, liveness) and one spare.
            "max_size": env.int("DJANGO_DB_POOL_MAX", default=max(4, WORKFLOW_WORKER_THREADS + 3)),
            "max_idle": env.float("DJANGO_DB_POOL_MAX_IDLE_SECONDS", default=60),
            "timeout": env.float("DJANGO_DB_POOL_TIMEOUT_SECONDS", default=30),
        }
    }
else:
    # No pool: a connection per request, closed when it ends.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["ontraccr_clone.accounts.backends.EmailBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [FRONTEND_DIST] if FRONTEND_DIST.is_dir() else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ontraccr",
        }
    }
    # Sessions read from Redis, written through to the database: a request costs no session
    # query. Not without Redis: a cache per process would keep a signed-out session alive in
    # the processes that did not sign it out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Failed sign-ins allowed per window, by client address and by account (see accounts.throttling).
SIGN_IN_FAILURES_PER_ADDRESS = env.int("SIGN_IN_FAILURES_PER_ADDRESS", default=30)
SIGN_IN_FAILURES_PER_ACCOUNT = env.int("SIGN_IN_FAILURES_PER_ACCOUNT", default=10)
SIGN_IN_FAILURE_WINDOW_SECONDS = env.int("SIGN_IN_FAILURE_WINDOW_SECONDS", default=900)
# Password reset requests allowed per window by client address, and reset emails per account.
PASSWORD_RESETS_PER_ADDRESS = env.int("PASSWORD_RESETS_PER_ADDRESS", default=20)
PASSWORD_RESET_EMAILS_PER_ACCOUNT = env.int("PASSWORD_RESET_EMAILS_PER_ACCOUNT", default=3)
PASSWORD_RESET_WINDOW_SECONDS = env.int("PASSWORD_RESET_WINDOW_SECONDS", default=3600)

TASKS = {
    "default": {
        # django-tasks-db's, with tasks that log with the id of the request that queued them.
        "BACKEND": "ontraccr_clone.tasks.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# The workflow engine (see workflows/engine/__init__.py): how long a worker may hold a step before
# another resumes it, and how transient failures are retried.
# A lease is renewed every third of it while the step executes, so a killed worker's step is
# taken over within a lease and a sweep.
WORKFLOW_STEP_LEASE_SECONDS = env.float("WORKFLOW_STEP_LEASE_SECONDS", default=10)
# A task carries a run through its automatic steps for this long, then leaves the rest to a new one.
WORKFLOW_ADVANCE_SLICE_SECONDS = env.float("WORKFLOW_ADVANCE_SLICE_SECONDS", default=2)
WORKFLOW_SWEEP_SECONDS = env.float("WORKFLOW_SWEEP_SECONDS", default=5)
# A task row left running this long by a killed worker is marked failed (advances: a lease).
WORKFLOW_TASK_RUNNING_LIMIT_SECONDS = env.float("WORKFLOW_TASK_RUNNING_LIMIT_SECONDS", default=3600)
# Transient failures are retried for this long from the first one, then the step fails.
WORKFLOW_RETRY_FOR_SECONDS = env.float("WORKFLOW_RETRY_FOR_SECONDS", default=3600)
WORKFLOW_RETRY_BASE_SECONDS = env.float("WORKFLOW_RETRY_BASE_SECONDS", default=1)
WORKFLOW_RETRY_MAX_DELAY_SECONDS = env.float("WORKFLOW_RETRY_MAX_DELAY_SECONDS", default=300)
# A run stops with a failure past this many step runs (a loop of automatic steps).
WORKFLOW_RUN_STEP_BUDGET = env.int("WORKFLOW_RUN_STEP_BUDGET", default=1000)
# Without Redis the web process runs the task worker in a thread, so its events reach browsers.
WORKFLOW_WORKER_IN_WEB_PROCESS = env.bool("WORKFLOW_WORKER_IN_WEB_PROCESS", default=not REDIS_URL)
WORKFLOW_WORKER_POLL_SECONDS = env.float("WORKFLOW_WORKER_POLL_SECONDS", default=0.2)
WORKFLOW_WORKER_PAUSE_SECONDS = env.float("WORKFLOW_WORKER_PAUSE_SECONDS", default=0.02)
# Each worker process records that it is alive this often; /readyz wants one seen within a minute.
WORKFLOW_WORKER_HEARTBEAT_SECONDS = env.float("WORKFLOW_WORKER_HEARTBEAT_SECONDS", default=10)
WORKFLOW_WORKER_SEEN_WITHIN_SECONDS = 60
# The bearer token /metrics asks for; without one the endpoint does not exist (404).
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Ontraccr Clone <noreply@localhost>")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ontraccr_clone.accounts.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["ontraccr_clone.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "ontraccr_clone.schema.ApiSchema",
    "EXCEPTION_HANDLER": "ontraccr_clone.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "ontraccr_clone.api.Pagination",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Ontraccr Clone API",
    "DESCRIPTION": "Forms, workflows and QuickBooks Online purchase-order sync.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name for a choice set that several fields share.
    "ENUM_NAME_OVERRIDES": {"RetrySettingsEnum": "workflows.engine.services.RetrySettings.CHOICES"},
}

# Secrets at rest (QuickBooks tokens) are encrypted with this Fernet key; production must bring one.
FIELD_ENCRYPTION_KEY = env.str(
    "FIELD_ENCRYPTION_KEY",
    **({"default": "bG9jYWwtZGV2ZWxvcG1lbnQta2V5LW5vdC1zZWNyZXQ="} if DEBUG else {}),
)

# `local` serves the built-in QuickBooks sandbox under /qbo-sandbox/ and connects to it; `sandbox`
# and `production` connect to Intuit with the app's keys from developer.intuit.com.
QBO_ENVIRONMENT = env.str("QBO_ENVIRONMENT", default="local")
QBO_CLIENT_ID = env.str("QBO_CLIENT_ID", default="")
QBO_CLIENT_SECRET = env.str("QBO_CLIENT_SECRET", default="")
# Where Intuit sends the admin back after consent; `local` uses this server's own callback URL.
QBO_REDIRECT_URI = env.str("QBO_REDIRECT_URI", default="")
QBO_MINOR_VERSION = env.int("QBO_MINOR_VERSION", default=75)
QBO_TIMEOUT_SECONDS = env.float("QBO_TIMEOUT_SECONDS", default=15)
# An import that has not moved on for this long while running has lost its worker: it is marked
# failed so that a new one can start (a running import moves on at least every page it reads).
QBO_IMPORT_STALE_SECONDS = env.int("QBO_IMPORT_STALE_SECONDS", default=180)
# The webhook verifier token Intuit shows for the app; the sandbox signs its webhooks with it.
QBO_WEBHOOK_VERIFIER_TOKEN = env.str(
    "QBO_WEBHOOK_VERIFIER_TOKEN", default="local-sandbox-webhook-verifier-token" if DEBUG else ""
)

# The local QuickBooks sandbox is served when QBO_ENVIRONMENT is `local` and either DEBUG is on or
# QBO_SANDBOX_ENABLED=true asks for it: a production server never exposes it by accident.
QBO_SANDBOX_ENABLED = QBO_ENVIRONMENT == "local" and env.bool("QBO_SANDBOX_ENABLED", default=DEBUG)
# Intuit's limits by default; benchmarks and demos can shorten the throttling window or token
# lifetimes.
QBO_SANDBOX_REDIRECT_URIS = env.list("QBO_SANDBOX_REDIRECT_URIS", default=[])
QBO_SANDBOX_WEBHOOK_URL = env.str("QBO_SANDBOX_WEBHOOK_URL", default="")
# Like Intuit, the sandbox gathers the changes of this many seconds into one notification.
QBO_SANDBOX_WEBHOOK_SECONDS = env.float("QBO_SANDBOX_WEBHOOK_SECONDS", default=1.0)
QBO_SANDBOX_ACCESS_TOKEN_SECONDS = env.int("QBO_SANDBOX_ACCESS_TOKEN_SECONDS", default=3600)
QBO_SANDBOX_REFRESH_TOKEN_SECONDS = env.int("QBO_SANDBOX_REFRESH_TOKEN_SECONDS", default=8726400)
QBO_SANDBOX_THROTTLE_LIMIT = env.int("QBO_SANDBOX_THROTTLE_LIMIT", default=500)
QBO_SANDBOX_THROTTLE_WINDOW_SECONDS = env.int("QBO_SANDBOX_THROTTLE_WINDOW_SECONDS", default=60)
QBO_SANDBOX_CONCURRENCY_LIMIT = env.int("QBO_SANDBOX_CONCURRENCY_LIMIT", default=10)
QBO_SANDBOX_HANG_SECONDS = env.int("QBO_SANDBOX_HANG_SECONDS", default=60)

# Server-rendered pages with their own inline stylesheet; inline scripts are refused everywhere.
CSP_INLINE_STYLE_PATHS = ["/api/docs/", "/qbo-sandbox/"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Log lines on stderr, as plain text by default; LOG_FORMAT=json writes each as a JSON object on
# one line (with the request id: see ontraccr_clone/logs.py), for a log collector to read.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ontraccr_clone.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "ontraccr_clone.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}
if LOG_FORMAT == "json":
    # Django's and uvicorn's loggers have handlers of their own, writing text: theirs go through
    # this one instead, so that every line is JSON.
    LOGGING["loggers"] = {
        name: {"handlers": ["console"], "propagate": False}
        for name in ("django", "django.server", "uvicorn", "uvicorn.error", "uvicorn.access")
    }
