"""Parley's settings, read from the environment.

Every variable is documented in README.md. With DEBUG off the project refuses to
start unless SECRET_KEY and ALLOWED_HOSTS are set to real values.
"""

import datetime
import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from archive.email_config import email_settings

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use 1 or 0.")


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_rate(name: str, default: str) -> str | None:
    """A request rate such as `60/m` or `300/5m` (per s, m, h or d); `off` or `0`: None."""
    value = os.environ.get(name, default).strip().lower()
    if value in {"", "off", "0"}:
        return None
    if not re.fullmatch(r"[1-9][0-9]*/[0-9]*[smhd]", value):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a rate: write requests/period (60/m, 300/5m) or off."
        )
    return value


DEBUG = env_bool("DEBUG", default=False)

_DEV_SECRET_KEY = "django-insecure-parley-development-key-never-use-in-production"  # noqa: S105 (used only with DEBUG on)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

if DEBUG:
    SECRET_KEY = SECRET_KEY or _DEV_SECRET_KEY
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
else:
    if len(SECRET_KEY) < 32 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random value of at least 32 characters when "
            "DEBUG is off (for local development set DEBUG=1)."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must list the host names this site answers to when DEBUG is off "
            "(comma-separated, e.g. ALLOWED_HOSTS=parley.example.org)."
        )

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "archive",  # first, so that its createsuperuser (which checks passwords) wins
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "simple_history",
    "meetings",  # before haystack: its rebuild_index extends Haystack's (tests check it)
    "haystack",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "bench",  # `manage.py generate_corpus` for make bench, faults, loadtest and tests
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    # Swagger UI's files, served from here: pages load nothing from elsewhere.
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files leave here, without the two below
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # before CommonMiddleware, as it requires
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Records which editor made each change (meetings' history rows).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "archive.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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

WSGI_APPLICATION = "archive.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'parley.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles any query it estimates as costly; on a large archive that adds
    # 20-30 ms of compilation to a page query that then runs in 10 ms.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    # A server that does not answer fails the request (a 503 page) instead of holding a
    # web worker for the operating system's TCP timeout.
    DATABASES["default"]["OPTIONS"].setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5)
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Admin logins are throttled by django-axes (archive/logins.py): a client that fails
# LOGIN_FAILURE_LIMIT times, whichever accounts it tried, is refused for the cool-off; so
# is an account that fails LOGIN_ACCOUNT_FAILURE_LIMIT times from any clients. Tries made
# while refused are not counted, so one guesser cannot lock an editor out of their account.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "archive.logins.ClientAndAccountHandler"
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]  # the order ClientAndAccountHandler reads
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "meetings.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "archive.logins.lockout_response"
AXES_VERBOSE = False  # no banner on stderr at every start; failures are still logged

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
# The archive is in English only; without the translation machinery every date name and
# label skips a gettext lookup (some 400 on a page of 50 meetings).
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Search: Haystack, with the engine as a setting. SEARCH_ENGINE=whoosh (the default) is
# Parley's tuned Whoosh engine and SEARCH_ENGINE=xapian its Xapian one, each with its index
# on disk at SEARCH_INDEX_PATH; any other value is a dotted Haystack engine path, reached at
# SEARCH_URL (e.g. Elasticsearch or Solr).
_SEARCH_ENGINES = {
    "whoosh": "meetings.search.engines.whoosh.backend.ParleyWhooshEngine",
    "xapian": "meetings.search.engines.xapian.backend.ParleyXapianEngine",
}
SEARCH_ENGINE = os.environ.get("SEARCH_ENGINE", "whoosh")
SEARCH_INDEX_PATH = Path(
    os.environ.get("SEARCH_INDEX_PATH")
    or VAR_DIR / ("xapian_index" if SEARCH_ENGINE == "xapian" else "whoosh_index")
)
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": _SEARCH_ENGINES.get(SEARCH_ENGINE, SEARCH_ENGINE),
        "PATH": str(SEARCH_INDEX_PATH),
        "URL": os.environ.get("SEARCH_URL", ""),
        "INDEX_NAME": os.environ.get("SEARCH_INDEX_NAME", "parley"),
        "INCLUDE_SPELLING": True,
        # Index and search errors surface (and fail the index task) instead of leaving drift.
        "SILENTLY_FAIL": False,
        # Rebuilds add this many turns per writer commit.
        "BATCH_SIZE": 5000,
        # Whoosh: index word pairs, so that a phrase is one term lookup rather than a check
        # of word positions in every turn holding its words (README, Performance).
        "PHRASE_PAIRS": env_bool("SEARCH_PHRASE_PAIRS", default=True),
    },
}
# rebuild_index swaps a new index in, then waits this long before deleting the old one, for
# searches that were still reading it.
SEARCH_SWAP_GRACE_SECONDS = float(os.environ.get("SEARCH_SWAP_GRACE_SECONDS", "5"))
# Parley's own signal handlers queue index work after commit (meetings/search/upkeep/signals.py).
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"
# Only turns are indexed; narrowing every query to registered models costs a full scan.
HAYSTACK_LIMIT_TO_REGISTERED_MODELS = False

# Archive figures (meetings/overview.py) live in the cache for a few minutes, so a page does
# not recount a million turns. Files on the local disk are shared by every web worker on the
# machine: what one worker counted, the others read.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("CACHE_PATH") or str(VAR_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}

# Index work runs as tasks. Immediate by default (make run, tests); production sets
# TASKS_BACKEND=database and runs exactly one `manage.py db_worker`, Whoosh's single writer.
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_tasks_backend = os.environ.get("TASKS_BACKEND", "immediate")
if _tasks_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {sorted(_TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_tasks_backend]}}
# The worker requeues a task RUNNING longer than this (seconds), and compares the index with
# the database every INDEX_CHECK_HOURS when idle, mending drift (0: never).
INDEX_TASK_TIMEOUT = env_int("INDEX_TASK_TIMEOUT", 1800)
INDEX_CHECK_HOURS = float(os.environ.get("INDEX_CHECK_HOURS", "24"))
# How often (seconds) the idle worker requeues stuck tasks and looks for an index that is
# missing or that a search reported unreadable.
INDEX_WATCH_SECONDS = float(os.environ.get("INDEX_WATCH_SECONDS", "60"))

LOGIN_URL = "admin:login"

# The meeting change form edits up to 200 turns of 8 fields each in one POST (longer meetings
# are edited turn by turn: meetings/admin.py, INLINE_TURNS_MAX), plus participants.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 4000

# `manage.py export_dataset` writes the bulk dataset here; /data/ describes and serves it.
DATASET_DIR = Path(os.environ.get("DATASET_DIR") or VAR_DIR / "dataset")

# `manage.py backup_database` writes pg_dump files here and keeps the newest BACKUP_KEEP.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR") or VAR_DIR / "backups")
BACKUP_KEEP = env_int("BACKUP_KEEP", 14)

# The editors' admin lives at ADMIN_PATH (default admin/); any path but the public ones.
ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin/").strip().strip("/") + "/"
_PUBLIC_PREFIXES = {
    "meetings",
    "leaders",
    "countries",
    "search",
    "static",
    "sitemap.xml",
    "network",
    "trends",
    "alerts",
    "robots.txt",
    "about",
    "favicon.ico",
    "api",
    "data",
}
if ADMIN_PATH == "/" or ADMIN_PATH.split("/")[0] in _PUBLIC_PREFIXES:
    raise ImproperlyConfigured(
        f"ADMIN_PATH={ADMIN_PATH!r} would hide public pages; choose another, e.g. editors/."
    )

# Public pages tell browsers they may keep them this many seconds, then ask again (a
# conditional GET, answered 304 when nothing changed: meetings/freshness.py).
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 60)

# Requests to /search/ one client may make (meetings/ratelimit.py); beyond it, a 429 page.
# A reader pages through results well under this; `make bench` turns it off.
SEARCH_RATE = env_rate("SEARCH_RATE", "60/m")
# Requests to the JSON API (/api/v1/) one client may make, and searches through it; beyond
# them a 429 problem with Retry-After (meetings/api/).
API_RATE = env_rate("API_RATE", "120/m")
API_SEARCH_RATE = env_rate("API_SEARCH_RATE", "60/m")
# django-ratelimit: a cache that fails lets requests through rather than refusing readers.
RATELIMIT_FAIL_OPEN = True

# E-mail alerts (meetings/alerts/): mail settings from EMAIL_URL or EMAIL_HOST… (README).
globals().update(email_settings(os.environ.get("EMAIL_URL", ""), os.environ, debug=DEBUG))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Parley <alerts@localhost>")
# The site's address as mail links it (https://parley.example.org): mail has no request.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Subscriptions one client may ask for, and one address may be sent confirmations for.
ALERT_RATE = env_rate("ALERT_RATE", "10/h")
ALERT_ADDRESS_RATE = env_rate("ALERT_ADDRESS_RATE", "3/d")
ALERT_CONFIRM_DAYS = env_int("ALERT_CONFIRM_DAYS", 3)
# How often the worker's send_alerts task runs once started (`send_alerts --schedule`).
ALERT_INTERVAL_MINUTES = env_int("ALERT_INTERVAL_MINUTES", 60)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Only a reverse proxy that sets X-Forwarded-Proto and X-Real-IP itself, overwriting what
# the client sent (docker-compose.yml's Caddy does), may be trusted with them: without
# one, any visitor could claim to be on HTTPS or to come from another address.
BEHIND_PROXY = env_bool("BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=BEHIND_PROXY)
    # Sent on HTTPS responses only (Django's SecurityMiddleware).
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", default=False)
# Asking browsers to preload HSTS binds the whole domain for years: HSTS_PRELOAD=1 is the
# domain owner's decision, so its absence is not a deployment warning.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Pages have no inline script or style and load nothing from elsewhere (base.html); the
# admin runs under the same policy (tests/e2e/test_admin_csp.py checks it in a browser).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
    }
}
# The JSON API (meetings/api/): read-only, anonymous, JSON only; errors are problem details.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "meetings.api.problems.problem_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Parley API",
    "DESCRIPTION": (
        "Read-only access to Parley's published meetings, statements, people and search. "
        "Every answer carries an API-Version header; errors are RFC 9457 problem details."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}
# Anyone may read the API from a page of theirs: GET only, no cookies.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["API-Version", "Retry-After", "ETag", "Last-Modified"]

# Powerful browser features the archive never uses, denied to it and to anything it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Every index task logs its start and end at INFO; failures still come through.
    "loggers": {"django_tasks": {"level": os.environ.get("TASKS_LOG_LEVEL", "WARNING")}},
}
