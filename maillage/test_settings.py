"""Settings for the test suite: production settings, over plain http, with fast hashing."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("MAILLAGE_SECRET_KEY", "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("MAILLAGE_HTTPS", "0")
os.environ.setdefault("MAILLAGE_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from maillage.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STATIC_ROOT = None
TESTING = True
DOCUMENTS_ROOT = Path(tempfile.mkdtemp(prefix="maillage-test-documents-"))
