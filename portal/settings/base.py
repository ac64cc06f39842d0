"""Base settings: secure by default. Environment-specific modules import from here.

DEBUG is off and SECRET_KEY must come from the environment unless a dev/test module says
otherwise. DATABASE_URL selects PostgreSQL (production); SQLite is the embedded default.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "portal"


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY and not DEBUG:
    # Modules that set DEBUG (dev) or a throwaway key (test) override this; production must not.
    SECRET_KEY = None
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "ledgers",
    "ledgers.reportbox",
    "ledgers.plans",
    "ledgers.sheets",
    "ledgers.rectification",
    "ledgers.spotchecks",
    "ledgers.ratings",
    "ledgers.inspections",
    "ledgers.network",
    "ledgers.bulletins",
    "ledgers.servicepoints",
    "ledgers.assessment",
    "wagtail.api.v2",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "ledgers.users_apps.PortalUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "captcha",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",  # issue 11: login throttling (keep last: its checks read the apps above)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # issue 11: login lockout (last, as axes documents)
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["ledgers.templatetags.portal_display"],
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_nav",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DJANGO_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web server, task worker) share the file: wait rather than fail on locks.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (production), otherwise the database, so that rate limits
# hold across server processes on the embedded default as well.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    }

# Background tasks (django-tasks): database-backed queue, worked by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": env("PORTAL_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# One table date style (2026-12-17) for every bare date in templates, Wagtail's included.
FORMAT_MODULE_PATH = ["portal.formats"]
# The project catalogue completes Wagtail's partial zh-hans translation (locale/zh_Hans/).
LOCALE_PATHS = [BASE_DIR / "locale"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "portal" / "static"]
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Files that must never be reachable by URL (plan documents, uploaded ledgers, report attachments).
PRIVATE_STORAGE_ROOT = Path(env("DJANGO_PRIVATE_ROOT", BASE_DIR / "private"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_STORAGE_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Object storage and private-file delivery (issue 16) -------------------------------------
# With PORTAL_S3_BUCKET set, media (images, documents: public) and private files (plans, ledgers,
# report attachments, evidence: never public) live on an S3-compatible store (MinIO, Ceph, a
# cloud OSS) through django-storages, so every app server sees the same files. Private objects
# are written with the "private" ACL and only ever reached through a permission-checked view.
PORTAL_S3_BUCKET = env("PORTAL_S3_BUCKET")
# How a permission-checked download reaches the browser: "stream" (through Django, any storage),
# "presigned" (302 to a short-lived signed URL; the store must be reachable by browsers) or
# "accel" (nginx: X-Accel-Redirect to an internal location; see deploy/nginx/portal.conf).
PORTAL_PRIVATE_DELIVERY = env("PORTAL_PRIVATE_DELIVERY", "stream")
PORTAL_PRIVATE_URL_SECONDS = int(env("PORTAL_PRIVATE_URL_SECONDS", "60"))
PORTAL_PRIVATE_ACCEL_LOCATION = "/_private/"  # nginx: internal alias of the local private root
PORTAL_PRIVATE_ACCEL_S3_LOCATION = "/_private_s3/"  # nginx: internal proxy to a signed URL
from portal.object_storage import media_origins, s3_storages  # noqa: E402

# Where media are served from when not this site (add to the CSP's img-src and media-src).
PORTAL_MEDIA_ORIGINS = media_origins(env)
if PORTAL_S3_BUCKET:
    STORAGES.update(s3_storages(env))
    # Documents through Wagtail's view (collection privacy applies), not a redirect to the store.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"
# --- end object storage ------------------------------------------------------------------------

# --- Client address behind a reverse proxy (issue 16; shared with login throttling) -----------
# The request.META key that holds the real client address when nginx is in front, e.g.
# HTTP_X_REAL_IP (deploy/nginx/portal.conf sets X-Real-IP to $remote_addr, overwriting whatever
# the client sent). Unset: REMOTE_ADDR (no proxy). Only set it when the app servers are reachable
# by the proxy alone. Rate limits (django-ratelimit), the report box's stored address and the
# download log read it; login throttling should use the same key.
PORTAL_CLIENT_IP_HEADER = env("PORTAL_CLIENT_IP_HEADER") or None
RATELIMIT_IP_META_KEY = PORTAL_CLIENT_IP_HEADER
# --- end client address ------------------------------------------------------------------------

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Security defaults (production tightens transport settings further).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Mail: the office mailbox receives notifications; console backend in dev.
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("DJANGO_EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "zuofengban@example.gov.cn")
OFFICE_EMAIL = env("PORTAL_OFFICE_EMAIL", "zuofengban@example.gov.cn")
OFFICE_PHONE = env("PORTAL_OFFICE_PHONE", "0535-3221234")

# Report box (ledgers.reportbox): abuse control, kept in the shared cache above.
PORTAL_REPORT_RATE = env("PORTAL_REPORT_RATE", "5/h")  # submissions per client address
PORTAL_REPORT_PHONE_RATE = env("PORTAL_REPORT_PHONE_RATE", "3/h")  # submissions per phone number
PORTAL_REPORT_LOOKUP_RATE = env("PORTAL_REPORT_LOOKUP_RATE", "20/h")  # status lookups per address
PORTAL_REPORT_CODE_RATE = env("PORTAL_REPORT_CODE_RATE", "10/h")  # failed lookups per receipt code
PORTAL_RATING_RATE = env("PORTAL_RATING_RATE", "10/h")  # window ratings per client address
PORTAL_RATING_PHONE_RATE = env("PORTAL_RATING_PHONE_RATE", "3/d")  # ratings per phone number
PORTAL_REPORT_IP_RETENTION_DAYS = int(env("PORTAL_REPORT_IP_RETENTION_DAYS", "30"))
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.math_challenge"
CAPTCHA_TIMEOUT = 30  # minutes

# Wagtail
WAGTAIL_SITE_NAME = "作风建设门户"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# One language and one time zone for every account (account settings offer no others).
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
WAGTAILADMIN_USER_LOGIN_FORM = "ledgers.login.PortalLoginForm"
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "doc", "xls", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No third-party avatar service (intranet, privacy): Wagtail falls back to its built-in avatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 50
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILADMIN_NOTIFICATION_USE_HTML = False

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

LOGIN_URL = "wagtailadmin_login"

# --- Content-Security-Policy (django-csp; issue 11) -------------------------------------------
# See portal/csp.py: strict on the public site, Wagtail's inline scripts allowed under /admin/.
MIDDLEWARE += ["portal.csp.PortalCSPMiddleware"]
_CSP_SELF, _CSP_NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_CSP_SELF],
        "script-src": [_CSP_SELF, NONCE],
        "style-src": [_CSP_SELF, "'unsafe-inline'"],
        "img-src": [_CSP_SELF, "data:", "blob:"],
        "font-src": [_CSP_SELF, "data:"],
        "connect-src": [_CSP_SELF],
        "media-src": [_CSP_SELF],
        "frame-src": [_CSP_SELF],
        "frame-ancestors": [_CSP_SELF],
        "object-src": [_CSP_NONE],
        "base-uri": [_CSP_SELF],
        "form-action": [_CSP_SELF],
    },
}
PORTAL_CSP_ADMIN_PREFIXES = ("/admin/",)  # the staff pages built on the admin
PORTAL_CSP_ADMIN_UPDATE = {"script-src": ["'unsafe-inline'"]}
# --- end Content-Security-Policy --------------------------------------------------------------

# --- Login throttling (django-axes; issue 11) -------------------------------------------------
# Failed logins are counted per username and, separately, per client address; at the limit both
# the wrong and the right password are refused for the cool-off time, with a Chinese page
# (ledgers.lockout.lockout_response). The office unlocks at /admin/login_lockouts/.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("PORTAL_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("PORTAL_LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "ledgers.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "ledgers.lockout.lockout_response"
AXES_ENABLE_ADMIN = False  # no Django admin here; the office's screen is a Wagtail viewset
AXES_VERBOSE = False
# --- end login throttling ---------------------------------------------------------------------

# --- Two-factor login (TOTP, django-otp; issue 11) --------------------------------------------
# Office, 纪委 and superusers may add a TOTP device at /admin/two-factor/; whoever has one enters a
# 6-digit code at /admin/two-factor/verify/ after the password (ledgers/two_factor.py).
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
    "ledgers.two_factor.TwoFactorMiddleware",
)
# Paths an unverified user (device but no code yet) cannot use: the admin and the staff pages.
PORTAL_2FA_PROTECTED_PREFIXES = ("/admin/", "/sheets/", "/plans/", "/rectification/")
# Production turns this on: a superuser must enrol before using anything else in the admin.
PORTAL_2FA_REQUIRED_FOR_SUPERUSERS = env_bool("PORTAL_2FA_REQUIRED_FOR_SUPERUSERS", False)
OTP_TOTP_ISSUER = "作风建设门户"
OTP_TOTP_THROTTLE_FACTOR = 1  # seconds; the wait doubles with each wrong code
# --- end two-factor login ---------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "WARNING")},
    # Every private-file download (who, which file, how delivered, from where): issue 16.
    "loggers": {"portal.downloads": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}


def require_secret_key(key):
    if not key:
        raise ImproperlyConfigured("请设置环境变量 DJANGO_SECRET_KEY(生产环境必须提供密钥)。")
    return key


# --- Media on S3 in the Content-Security-Policy (issue 16) ------------------------------------
# Images and media served by the object store come from its origin: allow it, nothing more.
_csp = globals().get("CONTENT_SECURITY_POLICY")
if PORTAL_MEDIA_ORIGINS and _csp:
    for _directive in ("img-src", "media-src"):
        _sources = _csp["DIRECTIVES"].setdefault(_directive, ["'self'"])
        _csp["DIRECTIVES"][_directive] = [*_sources, *PORTAL_MEDIA_ORIGINS]
# --- end media in the CSP ----------------------------------------------------------------------

# --- Issue 16 (lean public pages, anonymous page cache): keep this block together ---------------
# Routes requests to Wagtail's serve view in three queries whatever the page's depth
# (home/lean.py); runs as a view middleware, so its place in the list does not matter.
MIDDLEWARE += ["home.lean.LeanRouteMiddleware"]

# Anonymous full-page cache (home/pagecache.py) in the shared cache above, right after
# LocaleMiddleware so that the language is known and middleware added later (CSP headers)
# is stored with the page.
PORTAL_PAGE_CACHE = env_bool("PORTAL_PAGE_CACHE", True)
PORTAL_PAGE_CACHE_ALIAS = "default"
PORTAL_PAGE_CACHE_TIMEOUT = int(env("PORTAL_PAGE_CACHE_TIMEOUT", "600"))  # seconds
PORTAL_PAGE_CACHE_SNIPPETS = [
    "ledgers.Unit",
    "network.Community",
    "servicepoints.ServicePoint",
    "servicepoints.Agent",
    "servicepoints.PointItem",
]  # snippet models whose change purges pages
PORTAL_PAGE_CACHE_QUERY_PARAMS = [
    "page",
    "task",
    "kind",
    "town",
    "village",
]  # others are never cached
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.locale.LocaleMiddleware") + 1,
    "home.pagecache.PageCacheMiddleware",
)
# Optional reverse-proxy purge (nginx/Varnish answering HTTP PURGE) on publish and unpublish.
if env("PORTAL_FRONTEND_CACHE_URL"):
    INSTALLED_APPS += ["wagtail.contrib.frontend_cache"]
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": env("PORTAL_FRONTEND_CACHE_URL"),
        }
    }
# Background worker (`manage.py task_worker`, home/worker.py): woken on every enqueue through
# Redis pub/sub (REDIS_URL) or a local socket; polls only as a safety net.
PORTAL_WORKER_INTERVAL = float(env("PORTAL_WORKER_INTERVAL", "30"))  # seconds
PORTAL_WORKER_SOCKET = env("PORTAL_WORKER_SOCKET")  # default: a per-installation temp path
# --- end of issue 16 block ----------------------------------------------------------------------

# --- Limits and tunables read by the ledgers modules (each used as settings.X, never getattr) ---
# Bulletins (通报): the issuing body printed as the 落款 (the office may change it per bulletin).
PORTAL_BULLETIN_ISSUER = env("PORTAL_BULLETIN_ISSUER", "市作风办")
# Plans: remind units that have not filed this many days before the deadline.
PLAN_REMINDER_DAYS = 7
# Report box: PBKDF2 rounds of the reporter's lookup secret (tests lower it for speed).
PORTAL_REPORT_SECRET_ITERATIONS = 100_000
# Report box: per-format pixel limits that override ledgers.reportbox.rules.MAX_IMAGE_PIXELS,
# e.g. {"jpeg": 40_000_000}; empty keeps the rules' limits.
PORTAL_MAX_IMAGE_PIXELS = {}
# Semiannual ledgers (ledgers/sheets/reader.py): size of an upload, rows and wall-clock time of
# one read, zip-bomb limits, and when python-calamine (fast, holds a sheet whole) is used.
PORTAL_LEDGER_MAX_BYTES = 30 * 1024 * 1024
PORTAL_LEDGER_MAX_ROWS = 100_000
PORTAL_LEDGER_MAX_SECONDS = 300
PORTAL_LEDGER_MAX_UNCOMPRESSED = 400 * 1024 * 1024
PORTAL_LEDGER_MAX_RATIO = 200
PORTAL_LEDGER_CALAMINE_MAX_BYTES = 2 * 1024 * 1024
PORTAL_LEDGER_CALAMINE_MAX_UNPACKED = 24 * 1024 * 1024
