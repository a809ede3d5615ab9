"""Settings for the service-center site, read from the environment.

DEBUG, SECRET_KEY, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS, DATABASE_URL, REDIS_URL, HTTPS.
Secrets that are not given in the environment are generated once and kept in the
git-ignored file .secrets.json beside manage.py.
"""

import json
import os
import secrets
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from django.utils.translation import gettext_lazy as _
from import_export.formats.base_formats import CSV, XLSX

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def local_secrets(path: Path = BASE_DIR / ".secrets.json") -> dict:
    """Secrets generated on first run, so a fresh clone needs no manual key set-up."""
    data = json.loads(path.read_text()) if path.exists() else {}
    wanted = {
        "SECRET_KEY": lambda: secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": lambda: [Fernet.generate_key().decode()],
        "PERSONAL_DATA_HASH_KEY": lambda: secrets.token_urlsafe(32),
    }
    missing = {name: make() for name, make in wanted.items() if name not in data}
    if missing:
        data.update(missing)
        path.write_text(json.dumps(data, indent=2))
        path.chmod(0o600)
    return data


_local = local_secrets()

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or _local["SECRET_KEY"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Personal data at rest (PIPL): 身份证号 encrypted with the first key; older keys still
# decrypt, so a new key can be put in front and `manage.py rotate_personal_data` re-encrypts.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS") or _local["FIELD_ENCRYPTION_KEYS"]
PERSONAL_DATA_HASH_KEY = (
    os.environ.get("PERSONAL_DATA_HASH_KEY") or _local["PERSONAL_DATA_HASH_KEY"]
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "import_export",
    "axes",
    "servicecenter",
    "staff",
    "disclosure",
    "intake",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is chosen, so the refusal is in Chinese.
    "servicecenter.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "servicecenter.urls"
WSGI_APPLICATION = "servicecenter.wsgi.application"

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
                "servicecenter.context_processors.site",
            ],
        },
    },
]

# Database: SQLite file by default, PostgreSQL (or anything dj-database-url reads) by URL.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "CONN_MAX_AGE": 600,  # as for PostgreSQL: no reconnect and PRAGMAs per request
            "OPTIONS": {
                # Several gunicorn workers write at once: WAL lets readers go on during a
                # write, IMMEDIATE takes the write lock at BEGIN so two writers queue instead
                # of failing half-way, and the timeout is how long a writer waits its turn.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # A file, not the shared in-memory database, so tests see real locking.
            "TEST": {"NAME": BASE_DIR / "test-db.sqlite3"},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache for every process: Redis in production, the database otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "desk"
LOGOUT_REDIRECT_URL = "login"

# django-axes: five wrong passwords for one account from one address lock it for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Tests and a first start before collectstatic still find unhashed files.
WHITENOISE_MANIFEST_STRICT = False

# HTTPS: the trusted origins say how the site is reached. https:// origins (a center behind
# a TLS proxy) turn on redirects, secure cookies and HSTS; the one-PC set-up serves plain
# HTTP on 127.0.0.1 and names no origins. HTTPS=0/1 overrides.
HTTPS = env_bool(
    "HTTPS",
    not DEBUG
    and bool(CSRF_TRUSTED_ORIGINS)
    and all(origin.startswith("https://") for origin in CSRF_TRUSTED_ORIGINS),
)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 12 * 60 * 60  # one working day at the counter

# django-import-export: importing needs the change permission, exporting the view one;
# an import runs in one transaction (all rows or none).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_FORMATS = [XLSX, CSV]

# simple-history: who made each change comes from HistoryRequestMiddleware.
SIMPLE_HISTORY_REVERT_DISABLED = True
# A step's reason is what a person typed: a text column keeps it whole on every database
# (varchar(100) refused a long one on PostgreSQL).
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Logs never carry personal data: nothing here logs request bodies or querystrings.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # A refused page (403) or a missing one (404) is normal use, not a warning with a trace.
    "loggers": {"django.request": {"level": "ERROR"}, "django.security": {"level": "ERROR"}},
}
