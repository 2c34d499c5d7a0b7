"""Test settings: the base settings, changed only where it makes the suite faster."""

import tempfile
from pathlib import Path

from config.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# No collectstatic before tests: serve from the finders without a manifest.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests read static files from the apps (no collectstatic), so whitenoise needs no STATIC_ROOT.
STATIC_ROOT = None  # type: ignore[assignment]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Uploads (held spreadsheets, attachments) go to a throwaway folder, not the checkout's var/.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="luoshi-test-media-"))
