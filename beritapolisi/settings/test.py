"""Tests: fast hashing, in-memory cache and mail, media in a temporary folder.

DATABASE_URL (from base) selects PostgreSQL; without it the suite runs on SQLite.
"""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="beritapolisi-test-media-"))
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="beritapolisi-test-static-"))
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
