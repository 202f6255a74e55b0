"""Django settings for Vestka, read from the environment.

Every setting an operator may change comes from an environment variable, so one
installed package serves a laptop demo and a production deployment alike.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
# The checkout (or the working directory of an installed copy) holds var/ with
# the SQLite database, media and collected static files.
BASE_DIR = Path(os.environ.get("VESTKA_HOME", Path.cwd())).resolve()
VAR_DIR = Path(os.environ.get("VESTKA_VAR", BASE_DIR / "var")).resolve()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)


def installation_secret_key() -> str:
    """SECRET_KEY from the environment, else a random key made once per installation
    and kept in var/secret-key, so a fresh checkout never runs on a published key."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = VAR_DIR / "secret-key"
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        pass
    import secrets

    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


SECRET_KEY = installation_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])

# The public address of the site, used for absolute links in exports and the API.
SITE_URL = os.environ.get("VESTKA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "vestka.accounts.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "vestka.accounts",
    "vestka.registry",
    "vestka.letters",
    "vestka.campaigns",
    "vestka.site",
    "vestka.api",
    "vestka.operations",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "vestka.cards",
    "vestka.calendar",
    "vestka.stats",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "vestka.site.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "vestka.urls"
WSGI_APPLICATION = "vestka.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "vestka.site.context_processors.site",
            ],
        },
    },
]

DEFAULT_SQLITE_PATH = VAR_DIR / "vestka.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the writer work at once; IMMEDIATE transactions make
    # a writer wait for the lock instead of failing half-way with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Addresses typed without a scheme are https (Django 6's default, chosen now).
FORMS_URLFIELD_ASSUME_HTTPS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("be", _("Belarusian")), ("ru", _("Russian"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("VESTKA_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Reply scans and printed batches: never under MEDIA_URL, served only through views
    # that check the sender's private link or a staff login.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get("VESTKA_PRIVATE_ROOT", VAR_DIR / "private"),
            "base_url": None,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    "staticfiles": {
        # Production deployments that run `vestka init` (collectstatic) may switch on
        # hashed, compressed, cache-forever file names with VESTKA_MANIFEST_STATIC=1.
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("VESTKA_MANIFEST_STATIC", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Tests and a fresh checkout serve static files straight from the apps.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Uploaded imports are read in memory up to this size; larger requests are refused.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
VESTKA_IMPORT_MAX_BYTES = int(os.environ.get("VESTKA_IMPORT_MAX_BYTES", 50 * 1024 * 1024))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Served to the world (any host name but this machine's own), Vestka is served over TLS
# only: secure cookies, HSTS, http redirected to https. An onion service runs its own web
# process with VESTKA_HTTPS=0 (see docs/deployment.md).
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1", "testserver"}
VESTKA_HTTPS = env_bool("VESTKA_HTTPS", not DEBUG and not set(ALLOWED_HOSTS) <= LOOPBACK_HOSTS)
if VESTKA_HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("VESTKA_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("VESTKA_HSTS_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("VESTKA_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy: only Vestka's own files run, load and style the pages; no
# inline script at all, inline <style> only with the response's nonce; no page of Vestka
# may be framed by another site (the embeddable counter says otherwise for itself).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Nothing on the site uses a camera, a microphone, the location or payment.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

LOGIN_URL = "admin:login"
# The name an authenticator app shows beside a staff account's codes.
OTP_TOTP_ISSUER = os.environ.get("VESTKA_OTP_ISSUER", "Vestka")

# No IP addresses are logged anywhere: the request log records method, path and status only.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.server": {"level": "WARNING"}},
}

# Letters.
# Keys that seal (encrypt) senders' emails: comma-separated Fernet keys, newest first.
# Emails are sealed with the first; all are tried to open one. To rotate, put a new key
# first and run `vestka letters rotate-keys` and `vestka calendar rotate-keys` (the
# calendar digest's subscribers are sealed with the same keys), then drop the old key.
# Without the variable a key is made once per installation in var/email-keys.
VESTKA_EMAIL_KEYS = env_list("VESTKA_EMAIL_KEYS", [])
# How long a sender's email is kept at most, and after the letter's story ends
# (rejected, reply received, archived).
VESTKA_EMAIL_KEEP_DAYS = int(os.environ.get("VESTKA_EMAIL_KEEP_DAYS", "180"))
VESTKA_EMAIL_KEEP_DAYS_AFTER_END = int(os.environ.get("VESTKA_EMAIL_KEEP_DAYS_AFTER_END", "14"))
# Letter text is purged this many days after posting (kept a little for reprints of
# envelopes lost before the post office), unless the letter waits for release.
VESTKA_TEXT_KEEP_DAYS_AFTER_POSTING = int(
    os.environ.get("VESTKA_TEXT_KEEP_DAYS_AFTER_POSTING", "7")
)
# The organisation's return address printed on every envelope, lines separated by "|".
# Senders' own addresses are never printed.
VESTKA_RETURN_ADDRESS = [
    line.strip() for line in os.environ.get("VESTKA_RETURN_ADDRESS", "").split("|") if line.strip()
]
# A site-wide brake on new letters per minute (50 a second on a day of action fits).
# Above it, writers are asked to try again in a minute and keep their text; nobody is
# blocked by address, so Tor users are treated like everyone else.
VESTKA_LETTERS_PER_MINUTE = int(os.environ.get("VESTKA_LETTERS_PER_MINUTE", "3000"))
# Letters one browser session may send per hour.
VESTKA_LETTERS_PER_SESSION_HOUR = int(os.environ.get("VESTKA_LETTERS_PER_SESSION_HOUR", "20"))
# The same brakes on solidarity messages, and the share clicks one session has counted
# per hour (further clicks still lead to the share page, uncounted).
VESTKA_MESSAGES_PER_MINUTE = int(os.environ.get("VESTKA_MESSAGES_PER_MINUTE", "600"))
VESTKA_MESSAGES_PER_SESSION_HOUR = int(os.environ.get("VESTKA_MESSAGES_PER_SESSION_HOUR", "10"))
VESTKA_SHARES_PER_SESSION_HOUR = int(os.environ.get("VESTKA_SHARES_PER_SESSION_HOUR", "30"))

# Caches: "default" for computed numbers and listings, "pages" for whole public pages
# (vestka.site.pagecache). VESTKA_CACHE_URL=redis://host:6379/0 shares them between web
# processes and machines; file:///path keeps them in files one machine's processes
# share; without it each process keeps its own in memory. Whatever the backend, no
# page outlives a change to what it shows (the page cache checks the database).
VESTKA_CACHE_URL = os.environ.get("VESTKA_CACHE_URL", "")
# How long a public page is served from the page cache; 0 turns it off.
VESTKA_PAGE_CACHE_SECONDS = int(os.environ.get("VESTKA_PAGE_CACHE_SECONDS", "60"))


def caches_from_url(url: str) -> dict[str, dict]:
    """Django's CACHES for VESTKA_CACHE_URL (see above). Raises ImproperlyConfigured."""
    aliases = {"default": 5000, "pages": 3000}  # entries kept in memory or in files
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            alias: {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": f"vestka:{alias}",
            }
            for alias in aliases
        }
    if url.startswith("file://"):
        folder = Path(url.removeprefix("file://"))
        if not folder.is_absolute():
            raise ImproperlyConfigured(f"VESTKA_CACHE_URL {url!r}: give an absolute path.")
        return {
            alias: {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(folder / alias),
                "OPTIONS": {"MAX_ENTRIES": entries},
            }
            for alias, entries in aliases.items()
        }
    if url:
        raise ImproperlyConfigured(
            f"VESTKA_CACHE_URL {url!r}: use redis://…, rediss://…, unix://… or file:///…"
        )
    return {
        alias: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"vestka-{alias}",
            "OPTIONS": {"MAX_ENTRIES": entries},
        }
        for alias, entries in aliases.items()
    }


CACHES = caches_from_url(VESTKA_CACHE_URL)

# Background work (sender notices, purges, large imports) is queued in the database and
# run by `vestka worker`, or by the worker thread inside `vestka serve`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("VESTKA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": [],  # any queue name
    }
}
# A task running longer than this on another machine is taken to be a dead worker's.
VESTKA_TASK_LEASE_SECONDS = int(os.environ.get("VESTKA_TASK_LEASE_SECONDS", str(6 * 3600)))

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Vestka <noreply@localhost>")

# Share cards: drawn once per day count and record change, kept here.
VESTKA_CARDS_CACHE = Path(os.environ.get("VESTKA_CARDS_CACHE", VAR_DIR / "cache" / "cards"))
# A hashtag printed on every person's card (e.g. "FreeThemAll"); none by default.
VESTKA_CARD_HASHTAG = os.environ.get("VESTKA_CARD_HASHTAG", "")
# When a campaign is saved, the worker draws its people's cards ahead (every size and
# language), for this many people at most: the first shares are then read from disk.
VESTKA_CARDS_DRAW_AHEAD = int(os.environ.get("VESTKA_CARDS_DRAW_AHEAD", "500"))

# The calendar's weekly digest: unconfirmed subscriptions are deleted after this many days.
VESTKA_DIGEST_UNCONFIRMED_DAYS = int(os.environ.get("VESTKA_DIGEST_UNCONFIRMED_DAYS", "3"))
# A site-wide brake on confirmation emails per hour, so the form cannot mail many strangers.
VESTKA_DIGEST_CONFIRMATIONS_PER_HOUR = int(
    os.environ.get("VESTKA_DIGEST_CONFIRMATIONS_PER_HOUR", "500")
)
