"""All of Luoshi's settings, read from the environment (see README, "Configuration")."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF

from config.environment import (
    database_config,
    env_bool,
    env_int,
    env_list,
    secret_key,
    upload_storage,
)

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(os.environ.get("LUOSHI_VAR_DIR", BASE_DIR / "var")).resolve()

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = secret_key(VAR_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves Swagger UI from the wheel, not a CDN
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "axes",
    "luoshi.core",
    "luoshi.accounts",
    "luoshi.reports",
    "luoshi.indicators",
    "luoshi.engagement",
    "luoshi.tasks",
    "luoshi.projects",
    "luoshi.appeals",
    "luoshi.imports",
    "luoshi.dashboard",
    "luoshi.portal",
    "luoshi.api",
    "luoshi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "luoshi.core.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before any view (and before CSRF's check reads the form): unreadable bodies are a 400.
    "luoshi.core.request_guards.MalformedRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "luoshi.api.errors.JsonMethodNotAllowedMiddleware",
    # Last, as axes asks: turns a sign-in it refused into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "luoshi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "luoshi.core.context_processors.navigation",
                "luoshi.tasks.context_processors.notifications",
            ],
        },
    }
]

DATABASES = {"default": database_config(os.environ.get("DATABASE_URL"), VAR_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked account or address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "luoshi.accounts.backends.RolePermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Django's, with its refusal in Chinese (Django's zh-hans catalogue lags its wording).
    {"NAME": "luoshi.accounts.password_rules.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "luoshi.accounts.password_rules.NamePinyinValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Chinese first; zh-hant and English are translations of the same interface.
LANGUAGE_CODE = "zh-hans"
# Each language named in itself, never translated: a reader who cannot read the current
# language must still find their own in the switch (the switch shows Django's `name_local`).
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "luoshi" / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "luoshi" / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "luoshi.core.vendor_static.VendorFinder",  # plotly.js from the plotly wheel
]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Uploads in MEDIA_ROOT, or in S3-compatible object storage when LUOSHI_S3_BUCKET is set
# (several servers: README, "Several servers"; the options: config.environment.upload_storage).
STORAGES = {
    "default": upload_storage(os.environ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security. Behind HTTPS (LUOSHI_HTTPS=true) cookies are secure and HTTP is redirected;
# the demo on http://127.0.0.1:8000 keeps them off so a newcomer can log in.
HTTPS = env_bool("LUOSHI_HTTPS", default=False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=HTTPS)
# Behind our own reverse proxy, which sets X-Forwarded-Proto and appends the client's address
# to X-Forwarded-For (see luoshi.core.client_address). Without it both headers are ignored:
# a client can send them itself.
BEHIND_PROXY = env_bool("LUOSHI_BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Sign-in lockout (django-axes; why these locks: luoshi.accounts.sign_in_guard). A username at
# one address is locked after AXES_FAILURE_LIMIT wrong passwords, an address on its own after
# LUOSHI_SIGNIN_ADDRESS_FAILURE_LIMIT (any usernames); each lock ends after the cool-off, and
# attempts during a lock neither count nor extend it.
AXES_HANDLER = "luoshi.accounts.sign_in_guard.SignInGuardHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = env_int("LUOSHI_SIGNIN_FAILURE_LIMIT", 5)
LUOSHI_SIGNIN_ADDRESS_FAILURE_LIMIT = env_int("LUOSHI_SIGNIN_ADDRESS_FAILURE_LIMIT", 50)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LUOSHI_SIGNIN_LOCK_MINUTES", 15))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True  # that account at that address only (SignInGuardHandler)
AXES_LOCKOUT_CALLABLE = "luoshi.accounts.sign_in_guard.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are in the action log (luoshi.accounts.sign_in_records)
AXES_VERBOSE = False  # no banner on every `luoshi` command
AXES_ENABLE_ADMIN = False  # axes' admin has no Chinese: accounts.FailedSignIn stands in for it
# The client's address by the project's one rule (luoshi.core.client_address: the connection's,
# or X-Forwarded-For's last entry only behind our proxy), not by django-ipware's guesses.
AXES_CLIENT_IP_CALLABLE = "luoshi.accounts.sign_in_guard.sign_in_address"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_COOKIE_SAMESITE = "Lax"
# With Redis, sessions are read from the cache and written through to the database
# (cached_db): any server reads a session another wrote, a Redis restart signs no one out, and
# with Redis down (ForgivingRedisCache) they are read from the database alone.
if os.environ.get("REDIS_URL", "").strip():
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the cookie-less meta tag instead
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): everything is served from this site, no inline script
# or style anywhere, no eval. Pages keep their scripts in static files and hand them data
# through json_script or data- attributes; spacing is classes, not style="" (no 'unsafe-inline'
# for styles either: the one style that carried data, the import progress bar, is a
# <progress>). plotly.js gets its stylesheet as a file ({% plotly_assets %}), htmx is told not
# to inject one (htmx-config in base.html). Django's admin and ninja's Swagger UI (/api/v1/docs)
# satisfy the same policy as they stand (checked in Chromium by
# tests/luoshi_tests/browser/test_content_policy.py), so no view relaxes it. Stored files keep
# their own stricter header (luoshi.core.private_files).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # blob: for plotly's "download as PNG" (an image it draws from a blob it made itself).
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# Background tasks: the database backend runs with nothing else installed; Redis when given.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 600}}
# A document's reading is stopped (and its batch failed, retryable) after this many seconds;
# a batch still queued after LUOSHI_QUEUE_WAIT_LIMIT is failed too (no worker took it); and
# /healthz answers 503 once a job has waited LUOSHI_QUEUE_STALL_SECONDS.
LUOSHI_READ_TIME_LIMIT = env_int("LUOSHI_READ_TIME_LIMIT", 300)
LUOSHI_QUEUE_WAIT_LIMIT = env_int("LUOSHI_QUEUE_WAIT_LIMIT", 900)
LUOSHI_QUEUE_STALL_SECONDS = env_int("LUOSHI_QUEUE_STALL_SECONDS", 300)
# A spreadsheet import of more than this many rows is previewed and applied by the background
# worker (with a progress bar; the API answers 202 with the job), and stopped after
# LUOSHI_SHEET_TIME_LIMIT seconds, writing nothing.
LUOSHI_SHEET_INLINE_ROWS = env_int("LUOSHI_SHEET_INLINE_ROWS", 2000)
LUOSHI_SHEET_TIME_LIMIT = env_int("LUOSHI_SHEET_TIME_LIMIT", 480)
# `luoshi remind` sends the tasks' reminders and these (apps above tasks cannot be imported by
# it): the appeals' time limits, deputies' suggestions and cooperation items.
LUOSHI_REMINDER_SOURCES = [
    "luoshi.appeals.reminders.send_appeal_reminders",
    "luoshi.tasks.services.suggestion_reminders.send_suggestion_reminders",
    "luoshi.tasks.services.suggestion_reminders.send_cooperation_reminders",
]
# An appeal's contact name and phone are erased this many days after it is closed, by the
# daily `luoshi appeal_retention` (PIPL: kept no longer than the handling and its follow-up
# need).
APPEAL_CONTACT_RETENTION_DAYS = env_int("APPEAL_CONTACT_RETENTION_DAYS", 365)

CACHES = {
    "default": (
        {
            # Redis down: pages are served uncached, not 500 (only recomputable data is cached).
            "BACKEND": "luoshi.core.cache_backends.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "luoshi@localhost")

API_MAX_PAGE_SIZE = 200

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Sign-ins are in the action log; axes would add a line for every one of them.
        "axes": {"level": "WARNING"},
    },
}
