"""One settings module for every environment; everything that differs comes from env vars.

See the configuration table in README.md.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from config.env import env, env_bool, env_int, env_list, env_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random string, "
            "or set DEBUG=1 for local development."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is empty: list the site's host names.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "districts",
    "tracker",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before the CSRF check reads the form: too many files get the site's page.
    "tracker.views.errors.UploadLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tracker.access.RequireLoginMiddleware",
]

CSRF_FAILURE_VIEW = "tracker.views.errors.csrf_failure"

AUTHENTICATION_BACKENDS = ["tracker.lockout.LockoutBackend"]
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60, minimum=1)

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_database_url = env_url("DATABASE_URL", ("postgres", "postgresql", "postgis", "sqlite"))
DATABASES = {
    # Health checks: a connection PostgreSQL dropped (a restart) is replaced before
    # a request or task uses it, instead of failing that request with a 500.
    "default": dj_database_url.parse(
        _database_url, conn_max_age=60, conn_health_checks=True
    )
    if _database_url
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) serve PostgreSQL's index-only scans; SQLite, the local
# default, builds them without the extra columns, which is all it needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", "한국어"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = BASE_DIR / "media"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# --- Redis: broker and cache when set; eager tasks and local memory when not. ---
REDIS_URL = env_url("REDIS_URL", ("redis", "rediss"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 600, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = max(CELERY_TASK_TIME_LIMIT - 30, 1)
# One slow fetch must not hold back a whole prefetched batch.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The sweeper re-sends items whose holder's lease ran out or whose message the broker
# lost (tracker/ingest/leases.py): lease + sweep interval bound the recovery time.
CELERY_BEAT_SCHEDULE = {
    "poll-due-sources": {"task": "tracker.tasks.poll_due_sources", "schedule": 60.0},
    "sweep-stale-items": {
        "task": "tracker.tasks.sweep_stale_items",
        "schedule": 15.0,
        # Sweeps queued while no worker ran are worth nothing once one does.
        "options": {"expires": 14},
    },
    "refresh-kept-counts": {
        "task": "tracker.tasks.refresh_tally",
        "schedule": 30.0,
        "options": {"expires": 29},
    },
    "purge-login-attempts": {
        "task": "tracker.tasks.purge_login_attempts",
        "schedule": 3600.0,
    },
}
INGEST_LEASE_SECONDS = env_int("INGEST_LEASE_SECONDS", 20, minimum=3)
# Without a worker, how long one request may spend retrying failed fetches.
INGEST_INLINE_RETRY_SECONDS = env_int("INGEST_INLINE_RETRY_SECONDS", 10, minimum=0)

# --- Ingestion limits ---
INGEST_MAX_BYTES = env_int("INGEST_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
# Files in one upload (Django's own limit, stated on the form).
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("UPLOAD_MAX_FILES", 100, minimum=1)
FETCH_TIMEOUT_SECONDS = env_int("FETCH_TIMEOUT_SECONDS", 20, minimum=1)
# Off by default: lets tests and trusted internal feeds reach loopback addresses.
FETCH_ALLOW_LOOPBACK = env_bool("FETCH_ALLOW_LOOPBACK", default=False)
SOURCE_MAX_FAILURES = env_int("SOURCE_MAX_FAILURES", 5, minimum=1)

# Exports streaming at once on this machine; more wait their turn, pages never do
# (tracker/throttle.py). The slots are lock files in EXPORT_SLOTS_DIR.
EXPORT_CONCURRENCY = env_int(
    "EXPORT_CONCURRENCY", max(1, (os.cpu_count() or 2) // 2), minimum=1
)
EXPORT_SLOTS_DIR = env(
    "EXPORT_SLOTS_DIR", str(Path(tempfile.gettempdir()) / "tracker-export-slots")
)

# --- Access ---
# When set, every page needs a login by a user in the analyst group or above.
REQUIRE_LOGIN = env_bool("REQUIRE_LOGIN", default=False)

# --- Open data and alerts: read API, e-mail, saved-search alerts, source health ---
INSTALLED_APPS += [
    "rest_framework",
    "rest_framework.authtoken",  # per-user API tokens, issued and revoked in admin
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our own static files
]
REST_FRAMEWORK = {
    # Token first: an anonymous request under REQUIRE_LOGIN gets 401 with a
    # WWW-Authenticate header rather than a bare 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["tracker.api.permissions.ReadOnlyForReaders"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    # Anonymous limits count per client address: REMOTE_ADDR unless NUM_PROXIES
    # proxies we trust sit in front (then the address they saw, from the right of
    # X-Forwarded-For). Counting the whole header would let a client dodge the limit
    # by sending a new one each time.
    "NUM_PROXIES": env_int("NUM_PROXIES", 0),
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_ANON_RATE", "60/minute"),
        "user": env("API_USER_RATE", "600/minute"),
    },
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],  # read-only: nothing to parse
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "tracker.api.pagination.NewestFirst",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Seoul AI-policy tracker API",
    "DESCRIPTION": (
        "Read-only: articles with their districts, initiatives and evidence; "
        "initiatives with kind, stage and timeline; districts; the districts x "
        "kinds matrix. Filters are the pages' own query parameters. "
        'Unconfirmed suggestions say so: "review_state": "suggested".'
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["tracker.api.permissions.ReadOnlyForReaders"],
    # Two models name a field `origin` with different choices; one stage list.
    "ENUM_NAME_OVERRIDES": {
        "LinkOriginEnum": "tracker.models.links.Origin",
        "InitiativeOriginEnum": "tracker.models.initiatives.Initiative.Origin",
        "StageEnum": "tracker.models.stages.Stage",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Console by default; setting EMAIL_HOST switches to SMTP.
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "tracker@localhost")
# E-mails are written outside any request: their links start with this.
# E-mails have no request to take the address from. Unset in production, the first
# allowed host over HTTPS: never a link to the developer's own machine.
SITE_URL = env(
    "SITE_URL",
    "http://127.0.0.1:8000" if DEBUG else f"https://{ALLOWED_HOSTS[0].lstrip('.')}",
).rstrip("/")

CELERY_BEAT_SCHEDULE |= {
    "send-instant-alerts": {
        "task": "tracker.tasks.send_alerts_task",
        "schedule": 300.0,
        "args": ["instant"],
    },
    "send-daily-digests": {
        "task": "tracker.tasks.send_alerts_task",
        "schedule": crontab(hour=8, minute=0),  # CELERY_TIMEZONE: Seoul mornings
        "args": ["daily"],
    },
    "check-source-health": {
        "task": "tracker.tasks.check_sources_task",
        "schedule": 900.0,
    },
}

# --- Production hardening: on whenever DEBUG is off. ---
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Health checks probe plain HTTP from inside the container.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}
