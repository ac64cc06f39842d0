"""Test settings: fast hashing, immediate background tasks, in-memory e-mail, temp storage."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key-not-secret-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
_tmp = Path(tempfile.mkdtemp(prefix="portal-test-"))
MEDIA_ROOT = _tmp / "media"
PRIVATE_STORAGE_ROOT = _tmp / "private"
STORAGES["private"]["OPTIONS"]["location"] = str(PRIVATE_STORAGE_ROOT)
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
CAPTCHA_TEST_MODE = False
# Django's test client logs in without a request, which axes refuses; the lockout tests switch
# axes back on with override_settings(AXES_ENABLED=True).
AXES_ENABLED = False
