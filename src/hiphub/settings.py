"""hiphub settings: one file, driven by environment variables.

Zero configuration works: SQLite in ./var/, DEBUG off, a secret key generated once and
kept in the data folder. Every variable read here is listed in README.md (a test checks).
Mistakes in the environment are collected in CONFIG_ERRORS and reported by the system
checks in hiphub.core.checks, so a typo gives a clear message instead of a traceback.
"""

import contextlib
import logging
import os
import secrets
import tempfile
import zoneinfo
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
CONFIG_ERRORS: list[str] = []

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(
    name: str, default: str = "", *, valid: Callable[[str], bool] | None = None, hint: str = ""
) -> str:
    """The variable as text; with `valid`, a value it refuses is reported (naming `hint`,
    what a good value looks like) and the default is used meanwhile."""
    raw = os.environ.get(name, default)
    if valid is not None and not valid(raw):
        CONFIG_ERRORS.append(f"{name}={raw!r} is not {hint}.")
        return default
    return raw


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value not in _FALSE:
        CONFIG_ERRORS.append(f"{name}={raw!r} is not a yes/no value; use 1 or 0.")
    return False


def env_int(
    name: str, default: int, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        CONFIG_ERRORS.append(f"{name}={raw!r} is not a whole number.")
        return default
    if minimum is not None and value < minimum:
        CONFIG_ERRORS.append(f"{name}={raw!r} is too small: it must be at least {minimum}.")
        return default
    if maximum is not None and value > maximum:
        CONFIG_ERRORS.append(f"{name}={raw!r} is too large: it must be at most {maximum}.")
        return default
    return value


def _known_time_zone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _log_level(name: str) -> bool:
    return name.strip().upper() in logging.getLevelNamesMapping()


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in env_str(name, default).split(",") if part.strip()]


DATA_DIR = Path(env_str("HIPHUB_DATA_DIR", "var")).resolve()
try:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
except OSError as exc:
    CONFIG_ERRORS.append(f"HIPHUB_DATA_DIR={str(DATA_DIR)!r} cannot be created: {exc.strerror}.")


def _write_whole(path: Path, text: str, *, only_if_absent: bool = False) -> None:
    """Write `text` to a private (mode 600) temporary file beside `path`, then move it into
    place: a full disk leaves no half-written file behind. With `only_if_absent`, a file
    another process put there first is kept (FileExistsError), so processes starting together
    on a new data folder all end up with the same contents."""
    handle, temporary = tempfile.mkstemp(dir=path.parent)
    try:
        with os.fdopen(handle, "w") as new_file:
            new_file.write(text)
        if only_if_absent:
            os.link(temporary, path)  # fails if the file exists; never replaces it
            os.unlink(temporary)
        else:
            os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _secret_key() -> str:
    from_env = env_str("HIPHUB_SECRET_KEY")
    if from_env:
        return from_env
    key_file = DATA_DIR / "secret_key"
    try:
        kept = key_file.read_text().strip() if key_file.exists() else ""
        if kept:
            return kept
        if key_file.exists():  # an empty file left by an older version on a full disk
            _write_whole(key_file, secrets.token_urlsafe(50))
        else:
            # Several processes (gunicorn workers, a worker, a test's subprocesses) may start
            # together on a new data folder: the first to create the file wins and every one
            # reads the winner's key, or each would sign and hash with a key of its own.
            with contextlib.suppress(FileExistsError):
                _write_whole(key_file, secrets.token_urlsafe(50), only_if_absent=True)
        return key_file.read_text().strip()
    except OSError as exc:
        CONFIG_ERRORS.append(f"Cannot keep a secret key in {key_file}: {exc.strerror}.")
        return "unusable-" + secrets.token_urlsafe(50)


SECRET_KEY = _secret_key()
DEBUG = env_bool("HIPHUB_DEBUG")
ALLOWED_HOSTS = env_list("HIPHUB_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("HIPHUB_CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = env_str("HIPHUB_SITE_NAME", "hiphub")
# The address people reach the site at, for links in emails sent by the worker (no request).
SITE_URL = env_str("HIPHUB_SITE_URL", "http://127.0.0.1:8000")
EMERGENCY_NUMBER = env_str("HIPHUB_EMERGENCY_NUMBER", "999 or 112")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "hiphub.core",
    "hiphub.accounts",
    "hiphub.anatomy",
    "hiphub.content",
    "hiphub.journal",
    "hiphub.selfcare",
    "hiphub.community",
    "hiphub.screening",
    "hiphub.directory",
    "hiphub.practice",
    "hiphub.reports",
]

MIDDLEWARE = [
    "hiphub.core.middleware.CompressTextMiddleware",  # first: compresses what the rest wrote
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hiphub.core.middleware.RequestLimitsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hiphub.accounts.sessions.SlidingSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hiphub.core.middleware.SiteCSPMiddleware",  # django-csp, its policy built once
    "hiphub.core.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a refused sign-in into the locked-out page
]

ROOT_URLCONF = "hiphub.urls"
WSGI_APPLICATION = "hiphub.wsgi.application"

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
                "csp.context_processors.nonce",
                "hiphub.core.context_processors.site",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------
# SQLite by default (WAL, busy timeout, IMMEDIATE transactions so writers queue instead of
# failing); PostgreSQL when DATABASE_URL names it.
SQLITE_PATH = DATA_DIR / "hiphub.sqlite3"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": SQLITE_PATH,
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
        # Keep each worker's connection instead of opening the file and running the pragmas
        # again for every request (about a millisecond each time).
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
    }
}
_database_url = env_str("DATABASE_URL")
if _database_url:
    try:
        _parsed = dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        CONFIG_ERRORS.append(f"DATABASE_URL cannot be read: {exc}")
    else:
        if _parsed.get("ENGINE") != "django.db.backends.postgresql":
            CONFIG_ERRORS.append(
                "DATABASE_URL must be a postgres:// URL (SQLite needs no URL: "
                "leave DATABASE_URL unset)."
            )
        else:
            # Solid-state storage: a random read costs about what a sequential one does. With
            # PostgreSQL's default of 4 the directory's distance search scans every listing
            # instead of its latitude index (docs/directory.md, "Speed"). A DATABASE_URL that
            # sets its own `?options=` keeps them.
            _parsed.setdefault("OPTIONS", {}).setdefault("options", "-c random_page_cost=1.1")
            DATABASES["default"] = dict(_parsed)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses sign-in while locked out, even if right
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "/accounts/sign-in/"
LOGIN_REDIRECT_URL = "/"  # after signing in without a ?next= page to go back to

# --- Caches ---------------------------------------------------------------------------
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
RENDER_CACHE_DIR = DATA_DIR / "cache"

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
with contextlib.suppress(OSError):  # reported by hiphub.E002 if the folder is unusable
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 3600

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str(
    "HIPHUB_TIME_ZONE", "UTC", valid=_known_time_zone, hint="a time zone name such as Europe/London"
)
USE_I18N = False
USE_TZ = True

# --- Request limits -------------------------------------------------------------------
MAX_QUERY_STRING_BYTES = 2048
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Security -------------------------------------------------------------------------
HTTPS = env_bool("HIPHUB_HTTPS")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("HIPHUB_HSTS_SECONDS", 31_536_000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Preload lets browsers know the site is HTTPS-only before the first visit.
SECURE_HSTS_PRELOAD = env_bool("HIPHUB_HSTS_PRELOAD", default=HTTPS)
if env_bool("HIPHUB_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Sessions live in the database; the cookie holds only a random key, so nothing a visitor
# answers is readable from it, and signing out deletes the session for every copy of the
# cookie. A session not used for SESSION_COOKIE_AGE (2 hours) expires; use slides it along
# (accounts/sessions.py), and expired rows are purged without cron (accounts/housekeeping.py).
# The cookie ends when the browser closes, unless a member ticks "keep me signed in" (30 days).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 2 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# One-off messages ("Your post is published") ride in the session too, not in a cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
CSRF_FAILURE_VIEW = "hiphub.core.views.csrf_failure"

# Strict CSP: only our own files; no inline script or style. Browsers report violations
# to the console, which the browser tests watch.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "media-src": ["'self'", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Sign-in throttling (django-axes) -------------------------------------------------
# 20 failed sign-ins for one account, or from one client address, lock it for 15 minutes
# (a password reset unlocks the account at once). Axes keeps its counts in the database,
# shared by every worker; we hand it salted hashes, never the email or address typed.
AXES_FAILURE_LIMIT = 20
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"  # Django's sign-in form names the email "username"
AXES_USERNAME_CALLABLE = "hiphub.accounts.signin.account_key"
AXES_CLIENT_IP_CALLABLE = "hiphub.accounts.signin.address_key"
AXES_LOCKOUT_CALLABLE = "hiphub.accounts.signin.locked_out"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # retrying does not lengthen the wait
AXES_DISABLE_ACCESS_LOG = True  # no record of successful sign-ins
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken"]

# --- Email ----------------------------------------------------------------------------
EMAIL_HOST = env_str("HIPHUB_SMTP_HOST")
EMAIL_PORT = env_int("HIPHUB_SMTP_PORT", 587, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("HIPHUB_SMTP_USER")
EMAIL_HOST_PASSWORD = env_str("HIPHUB_SMTP_PASSWORD")
EMAIL_USE_TLS = EMAIL_PORT != 465
EMAIL_USE_SSL = EMAIL_PORT == 465
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("HIPHUB_FROM_EMAIL", "hiphub <noreply@localhost>")

# --- Background work ------------------------------------------------------------------
# Slow work (reminder and digest emails) is queued in the database and run by `hiphub worker`,
# which `hiphub serve` starts beside gunicorn unless told --no-worker. No Redis, no Celery.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Community (comments and reports) ---------------------------------------------------
# Words or phrases that hold a post for moderation; the rate limit per IP address and per
# email; and the salt for hashing IP addresses (derived from the secret key when unset).
COMMUNITY_BLOCK_LIST = env_list(
    "HIPHUB_COMMUNITY_BLOCK_LIST", "viagra,cialis,casino,payday loan,crypto giveaway,escort"
)
COMMUNITY_RATE_POSTS = env_int("HIPHUB_COMMUNITY_RATE_POSTS", 5, minimum=1)
COMMUNITY_RATE_MINUTES = env_int("HIPHUB_COMMUNITY_RATE_MINUTES", 10, minimum=1)
COMMUNITY_IP_SALT = env_str("HIPHUB_COMMUNITY_IP_SALT")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_str(
            "HIPHUB_LOG_LEVEL",
            "WARNING",
            valid=_log_level,
            hint="a log level: DEBUG, INFO, WARNING, ERROR or CRITICAL",
        )
        .strip()
        .upper(),
    },
}
