"""Local development: DEBUG on, console e-mail, a fixed insecure key only when none is given."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-insecure-key-change-me-0123456789abcdefghijklmnop")
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
