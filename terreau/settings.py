"""Terreau settings, driven by environment variables.

Defaults give a development instance on an embedded SQLite database under var/.
Production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and
usually DATABASE_URL (PostgreSQL).
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TERREAU_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_networks(name: str) -> list[str]:
    networks = []
    for item in env_list(name):
        if item == "unix":  # a proxy on a Unix socket (no peer address)
            networks.append(item)
            continue
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise RuntimeError(
                f"{name}: {item!r} is not an IP address or network (e.g. 10.0.0.5 or 10.0.0.0/24)."
            ) from None
    return networks


DEBUG = env_bool("DJANGO_DEBUG", False)
# Under DEBUG too a refused or missing page is Terreau's own 404; 1 shows Django's technical one.
TERREAU_TECHNICAL_404 = env_bool("TERREAU_TECHNICAL_404", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for development).")
    SECRET_KEY = "development-only-key-never-use-in-production"
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("TERREAU_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The reverse proxies whose X-Forwarded-For is believed (see core.network.client_ip); without
# them every rate limit would count the proxy's address, so the whole platform as one visitor.
TERREAU_TRUSTED_PROXIES = env_networks("TERREAU_TRUSTED_PROXIES")

INSTALLED_APPS = [
    "terreau.core",
    "terreau.accounts",
    "terreau.communities",
    "terreau.circles",
    "terreau.comments",
    "terreau.lifecycle",
    "terreau.definition",
    "terreau.charter",
    "terreau.calls",
    "terreau.launch",
    "terreau.knowledge",
    "terreau.exchanges",
    "terreau.events",
    "terreau.decisions",
    "terreau.elections",
    "terreau.surveys",
    "terreau.retrospectives",
    "terreau.stats",
    "terreau.ideas",
    "terreau.evaluations",
    "terreau.archive",
    "terreau.closing",
    "terreau.emails",
    "terreau.audit",
    "terreau.help",
    "terreau.overview",
    "terreau.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_htmx",
    "django_tasks_db",
]

MIDDLEWARE = [
    # /health/ answers before anything else (no session, redirect or host check): core/health.py.
    "terreau.core.health.HealthCheckMiddleware",
    "terreau.core.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "terreau.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "terreau.accounts.middleware.SecondFactorRequiredMiddleware",
    "terreau.accounts.middleware.SessionActivityMiddleware",
    "terreau.accounts.middleware.ConsentRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "terreau.core.middleware.SignInRequiredMiddleware",
    "terreau.core.middleware.FriendlyNotFoundMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A member's visit of the day and the pages they read, for the statistics (stats/middleware.py).
    "terreau.stats.middleware.ActivityMiddleware",
]

ROOT_URLCONF = "terreau.urls"
WSGI_APPLICATION = "terreau.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]
FORM_RENDERER = "terreau.core.forms.FormRenderer"

# Database: SQLite under var/ unless DATABASE_URL names another (PostgreSQL in production).
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "terreau.sqlite3",
            "OPTIONS": {
                # WAL lets readers work while the worker writes; IMMEDIATE avoids
                # "database is locked" on read-then-write transactions.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared state lives in the database, or in Redis when TERREAU_REDIS_URL (or REDIS_URL) names one,
# never in one app server's memory, so several servers can run side by side.
REDIS_URL = os.environ.get("TERREAU_REDIS_URL") or os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Cache and rate limits (allauth's and django-ratelimit's both use the default cache) in Redis;
    # sessions read from Redis and written through to the database, so a Redis restart signs no one out.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("TERREAU_CACHE_PREFIX", "terreau"),
        }
    }
    SESSION_ENGINE = os.environ.get("TERREAU_SESSION_ENGINE", "django.contrib.sessions.backends.cached_db")
else:
    CACHES = {
        "default": {
            "BACKEND": os.environ.get("DJANGO_CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
            "LOCATION": os.environ.get("DJANGO_CACHE_LOCATION", "terreau_cache"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
RATELIMIT_USE_CACHE = "default"
# A session ends after this long without a visit (accounts.middleware.SessionActivityMiddleware
# moves its expiry forward at most every TERREAU_SESSION_TOUCH_SECONDS, not on every request).
TERREAU_SESSION_IDLE_MINUTES = int(os.environ.get("TERREAU_SESSION_IDLE_MINUTES", str(14 * 24 * 60)))
TERREAU_SESSION_TOUCH_SECONDS = int(os.environ.get("TERREAU_SESSION_TOUCH_SECONDS", "300"))
SESSION_COOKIE_AGE = TERREAU_SESSION_IDLE_MINUTES * 60
# The sessions a person sees and ends (allauth.usersessions' table, kept up to date by our
# middleware, throttled, rather than allauth's write on every request).
USERSESSIONS_TRACK_ACTIVITY = False

# The task queue: the database (django-tasks-db, `manage.py db_worker`) unless Redis is there, then
# RQ (django-tasks-rq, `manage.py rqworker --job-class django_tasks_rq.Job high default`).
# TERREAU_TASKS_BACKEND=db|rq chooses explicitly (or names a backend class).
TASKS_BACKENDS = {"db": "django_tasks_db.DatabaseBackend", "rq": "terreau.core.tasks.RQBackend"}
TASKS_BACKEND = os.environ.get("TERREAU_TASKS_BACKEND", "rq" if REDIS_URL else "db")
TASKS_BACKEND = TASKS_BACKENDS.get(TASKS_BACKEND, TASKS_BACKEND)
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}
RQ_URL = os.environ.get("TERREAU_RQ_URL", REDIS_URL)
if TASKS_BACKEND == TASKS_BACKENDS["rq"] and not RQ_URL:
    raise RuntimeError("TERREAU_TASKS_BACKEND=rq needs Redis: set TERREAU_REDIS_URL (or TERREAU_RQ_URL).")
# Two queues: the worker takes `high` first (emails already decided, task priority above 0; see
# terreau.core.tasks), like the database queue's priorities.
RQ_QUEUES = {
    name: {"URL": RQ_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 3600} for name in ("high", "default")
}
if TASKS_BACKEND == TASKS_BACKENDS["rq"]:
    TASKS["default"]["QUEUES"] = list(RQ_QUEUES)
    INSTALLED_APPS.append("django_rq")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# The versions of the terms of use and of the privacy notice (help pages "terms" and "privacy"):
# raise one when its text changes and every signed-in person is asked to accept it again.
TERREAU_TERMS_VERSION = os.environ.get("TERREAU_TERMS_VERSION", "2026-11-30")
TERREAU_PRIVACY_VERSION = os.environ.get("TERREAU_PRIVACY_VERSION", "2026-11-30")
TERREAU_CONSENT_REQUIRED = env_bool("TERREAU_CONSENT_REQUIRED", True)
LOGIN_REDIRECT_URL = "home"

# django-allauth: email is the identity; sign-up only through an invitation
# (see communities.adapter); one-time codes by email as an alternative to passwords.
ACCOUNT_ADAPTER = "terreau.communities.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "terreau.accounts.forms.SignupExtraForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Rural mail can be slow: a sign-in code stays valid 15 minutes (allauth: 3).
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Terreau] "

# Second factor: an authenticator app (TOTP) and recovery codes. Platform admins must use it
# (see accounts.middleware.SecondFactorRequiredMiddleware); anyone else may. An admin who
# turns the app off (a lost phone) is asked to set up a new one at once.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Terreau"
# One period either side: phones in the countryside are not always on time.
MFA_TOTP_TOLERANCE = 1
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# django-ratelimit (calls) keys on the same client address as allauth (accounts.adapter).
RATELIMIT_IP_META_KEY = "terreau.core.network.client_ip"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
# English dates as written in Europe (terreau/formats/en): day first, 24-hour clock.
FORMAT_MODULE_PATH = "terreau.formats"
LOCALE_PATHS = [BASE_DIR / "terreau" / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
# The switch sets it from the server (accounts.views); no script reads it.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("TERREAU_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploads on S3-compatible storage when a bucket is named. The bucket stays private: Terreau never
# hands out the storage's URLs, every file goes through its own views and their permission checks
# (e.g. knowledge's attachment_download), which read it from the storage.
S3_BUCKET = os.environ.get("TERREAU_S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("TERREAU_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("TERREAU_S3_REGION") or None,
            "access_key": os.environ.get("TERREAU_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("TERREAU_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("TERREAU_S3_PREFIX", "media"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Under DEBUG (make run) messages land as files in var/mail/; in production, SMTP.
if env_bool("TERREAU_SMTP", not DEBUG):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("DJANGO_EMAIL_PORT", "25")),
                "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", False),
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Terreau <terreau@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Content-Security-Policy: scripts and styles only from our own origin, no inline script.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    # Behind TLS in production; TERREAU_HTTPS=0 only for local benchmarks over plain HTTP.
    HTTPS = env_bool("TERREAU_HTTPS", True)
    SECURE_SSL_REDIRECT = HTTPS
    SESSION_COOKIE_SECURE = HTTPS
    CSRF_COOKIE_SECURE = HTTPS
    LANGUAGE_COOKIE_SECURE = HTTPS
    SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
    SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
    SECURE_HSTS_PRELOAD = HTTPS
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("TERREAU_BEHIND_PROXY", False) else None

LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "WARNING")
# text (default): lines for a person at a terminal; json: one JSON object per line on stdout, for
# a log collector (terreau.core.logs.JsonFormatter), with one line per request (RequestLogMiddleware).
LOG_FORMAT = os.environ.get("TERREAU_LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise RuntimeError(f"TERREAU_LOG_FORMAT: {LOG_FORMAT!r} is neither text nor json.")
CONSOLE = {"class": "logging.StreamHandler", "filters": ["client_errors"]}
if LOG_FORMAT == "json":
    CONSOLE.update({"formatter": "json", "stream": "ext://sys.stdout"})
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors": {"()": "terreau.core.logs.ClientErrorsWithoutTrace"}},
    "formatters": {"json": {"()": "terreau.core.logs.JsonFormatter"}},
    "handlers": {"console": CONSOLE},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Django's own logger writes to the console itself: without this, each of its lines came twice.
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # The request lines: on by default in JSON (gunicorn's access log is then not needed).
        "terreau.request": {
            "level": os.environ.get("TERREAU_REQUEST_LOG_LEVEL", "INFO" if LOG_FORMAT == "json" else "WARNING")
        },
    },
}

# Error reporting (terreau/core/errors.py): only when a DSN is set; no personal data is sent.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    from terreau.core.errors import init_sentry

    init_sentry(SENTRY_DSN)

# Terreau's own rules, from the guide.
TERREAU_INVITATION_DAYS = 14
# An archive imported into a new community (terreau/archive/loader.py): the ZIP's size, and what
# it may unpack to (a zip bomb is refused from its directory, before anything is inflated).
TERREAU_ARCHIVE_IMPORT_MAX_BYTES = int(os.environ.get("TERREAU_ARCHIVE_IMPORT_MAX_BYTES", str(2 * 1024**3)))
TERREAU_ARCHIVE_IMPORT_MAX_EXPANDED_BYTES = int(
    os.environ.get("TERREAU_ARCHIVE_IMPORT_MAX_EXPANDED_BYTES", str(10 * 1024**3))
)
