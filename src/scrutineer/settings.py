"""Django settings for Scrutineer, read from the environment through typed helpers.

Nothing here has an unsafe default: without ``SCRUTINEER_DEBUG=true`` the app refuses to start
unless a secret key and allowed hosts are given, and it sends secure cookies and HSTS.
Every variable is documented in docs/operations.md (a test checks that).
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from scrutineer.core.env import Env, ImproperSetting
from scrutineer.core.pseudonyms import DEVELOPMENT_KEY, MIN_KEY_BYTES

ENV = Env()
BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
DATA_DIR = Path(ENV.str("SCRUTINEER_DATA_DIR", str(PROJECT_DIR / "var")) or "var")

DEBUG = ENV.bool("SCRUTINEER_DEBUG", default=False)

if DEBUG:
    SECRET_KEY = (
        ENV.str("SCRUTINEER_SECRET_KEY") or "insecure-debug-only-key-never-used-in-production"
    )
else:
    SECRET_KEY = ENV.required(
        "SCRUTINEER_SECRET_KEY",
        "a long random string; Scrutineer has no default secret outside debug mode "
        "(SCRUTINEER_DEBUG=true).",
    )
    if len(SECRET_KEY) < 50:  # Django's deployment check (security.W009) asks for 50
        raise ImproperSetting("SCRUTINEER_SECRET_KEY must be at least 50 characters long")

ALLOWED_HOSTS = ENV.list(
    "SCRUTINEER_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperSetting("SCRUTINEER_ALLOWED_HOSTS must name the host(s) the app is served on")
CSRF_TRUSTED_ORIGINS = ENV.list("SCRUTINEER_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "scrutineer.core",
    "scrutineer.partnership",
    "scrutineer.library",
    "scrutineer.trends",
    "scrutineer.casedata",
    "scrutineer.reviews",
    "scrutineer.audits",
    "scrutineer.voice",
    "scrutineer.challenges",
    "scrutineer.actions",
    "scrutineer.plan",
    "scrutineer.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "scrutineer.core.middleware.TwoFactorRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "scrutineer.urls"
WSGI_APPLICATION = "scrutineer.wsgi.application"

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
                "scrutineer.core.context_processors.service",
                "scrutineer.partnership.context_processors.partnership",
            ],
            "builtins": ["scrutineer.core.templatetags.govuk"],
        },
    }
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASE_URL = ENV.str("DATABASE_URL")
if DATABASE_URL is None:
    # The embedded default: a SQLite file in the data folder, made on first run.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{DATA_DIR / 'scrutineer.sqlite3'}",
        conn_max_age=ENV.int("SCRUTINEER_DB_CONN_MAX_AGE", 60, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the page server read while the demo loader or a task writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "partnership.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lock-out after repeated failed sign-ins (django-axes), by username and address together so
# that one person mistyping cannot lock out a whole office behind one address.
AXES_FAILURE_LIMIT = ENV.int("SCRUTINEER_LOCKOUT_FAILURES", 5, minimum=1, maximum=100)
AXES_COOLOFF_TIME = ENV.int("SCRUTINEER_LOCKOUT_MINUTES", 30, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_URL = "/locked-out/"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = ENV.int("SCRUTINEER_PROXY_COUNT", 0, minimum=0, maximum=5)
# One rule for "the client's address", shared by lock-outs and the access log.
AXES_CLIENT_IP_CALLABLE = "scrutineer.core.accesslog.client_address"

# Two-factor authentication: OTP_TOTP_ISSUER names the service in authenticator apps.
OTP_TOTP_ISSUER = "Scrutineer"

# Sessions end after this much inactivity: the cookie is renewed on every request.
SESSION_IDLE_MINUTES = ENV.int("SCRUTINEER_SESSION_IDLE_MINUTES", 30, minimum=5, maximum=720)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

SECURE_COOKIES = ENV.bool("SCRUTINEER_SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = 0 if DEBUG else ENV.int("SCRUTINEER_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_SSL_REDIRECT = ENV.bool("SCRUTINEER_SSL_REDIRECT", default=False)
if ENV.bool("SCRUTINEER_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# A strict Content Security Policy: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static", PROJECT_DIR / "build" / "static"]
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
UPLOAD_MAX_MEGABYTES = ENV.int("SCRUTINEER_UPLOAD_MAX_MB", 25, minimum=1, maximum=500)
# Counts from 1 to this are shown as "c" in anything exported or published (core/suppression.py).
SUPPRESSION_MAX = ENV.int("SCRUTINEER_SUPPRESSION_MAX", 5, minimum=1, maximum=99)
# Case-level evidence (casedata): the pseudonym key, the analytical store, the import limit.
if DEBUG:
    PSEUDONYM_KEY = (ENV.str("SCRUTINEER_PSEUDONYM_KEY") or "").encode() or DEVELOPMENT_KEY
else:
    PSEUDONYM_KEY = ENV.required(
        "SCRUTINEER_PSEUDONYM_KEY",
        "the secret that turns children's IDs into pseudonyms; keep it, and keep it out of the "
        "database (see docs/casedata.md).",
    ).encode()
if len(PSEUDONYM_KEY) < MIN_KEY_BYTES:
    raise ImproperSetting(f"SCRUTINEER_PSEUDONYM_KEY must be at least {MIN_KEY_BYTES} bytes long")
CASEDATA_DIR = Path(ENV.str("SCRUTINEER_CASEDATA_DIR") or DATA_DIR / "casedata")
CASEDATA_MAX_MEGABYTES = ENV.int("SCRUTINEER_CASEDATA_MAX_MB", 1024, minimum=1, maximum=102400)
# Imports run as django-tasks tasks: queued in the database and run by `scrutineer db_worker`
# (django-tasks-db), or run at once in the web process ("immediate": no worker needed, but the
# upload page waits for the import). See docs/operations.md.
TASKS_BACKEND = ENV.choice("SCRUTINEER_TASKS", "database", ("database", "immediate"))
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if TASKS_BACKEND == "database"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# A published figure this many per cent worse than the statistical neighbours' mean makes a
# suggested line of enquiry (trends/enquiry_rules.py; docs/enquiries.md).
SUGGEST_BENCHMARK_GAP_PCT = ENV.int(
    "SCRUTINEER_SUGGEST_BENCHMARK_GAP_PCT", 20, minimum=1, maximum=1000
)

EMAIL_BACKEND = ENV.choice(
    "SCRUTINEER_EMAIL_BACKEND",
    "console",
    ("console", "smtp", "locmem"),
)
EMAIL_BACKEND = f"django.core.mail.backends.{EMAIL_BACKEND}.EmailBackend"
EMAIL_HOST = ENV.str("SCRUTINEER_EMAIL_HOST", "localhost")
EMAIL_PORT = ENV.int("SCRUTINEER_EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_USE_TLS = ENV.bool("SCRUTINEER_EMAIL_TLS", default=False)
DEFAULT_FROM_EMAIL = ENV.str("SCRUTINEER_FROM_EMAIL", "scrutineer@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": ENV.choice(
            "SCRUTINEER_LOG_LEVEL", "WARNING", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
        ),
    },
}

# The names every variable read above, for the documentation test.
ENVIRONMENT_VARIABLES = frozenset(ENV.asked)
