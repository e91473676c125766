"""Test settings: fast hashing, in-memory mail, the same database choice as DATABASE_URL."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests share one process: a local-memory cache is enough (test_workdays_cache proves the database
# cache shares an edit between processes).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Uploaded files (renovation scans and photos) go to a scratch folder, never the working copy's var/.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="wuye-test-media-"))
