"""Production: PostgreSQL via DATABASE_URL, Redis via REDIS_URL, secrets from the environment."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = require_secret_key(env("DJANGO_SECRET_KEY"))
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
# Superusers must use two-factor login (ledgers/two_factor.py): a new superuser is sent to
# /admin/two-factor/ right after the password and can use nothing else until enrolled.
PORTAL_2FA_REQUIRED_FOR_SUPERUSERS = True
# Wagtail's live preview and some admin dialogs render the site in a same-origin iframe, so
# X_FRAME_OPTIONS stays SAMEORIGIN (framing by other origins is still refused).
SILENCED_SYSTEM_CHECKS = ["security.W019"]
