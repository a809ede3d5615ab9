"""Settings for the service-center site, read from the environment.

DEBUG, SECRET_KEY, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS, DATABASE_URL, REDIS_URL, HTTPS.
Secrets that are not given in the environment are read from the git-ignored .secrets.json
beside manage.py, which bin/setup generates once (servicecenter.secrets_file); importing the
settings writes nothing.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from import_export.formats.base_formats import CSV, XLSX

from servicecenter import secrets_file

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_WORDS, FALSE_WORDS = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value not in TRUE_WORDS | FALSE_WORDS:
        # DEBUG=ture must not quietly mean "off" (or HTTPS=flase "on").
        raise ImproperlyConfigured(f"{name}={value!r}: use 1/0, true/false, yes/no or on/off")
    return value in TRUE_WORDS


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: a whole number is expected") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def secret(name: str):
    """From the environment, else from .secrets.json (written by bin/setup, never here)."""
    value = os.environ.get(name) or _local.get(name)
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set: run bin/setup (it generates .secrets.json) or set it in the "
            "environment"
        )
    return value


_local = secrets_file.read()

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Addresses or networks of the proxies in front (e.g. "127.0.0.1,10.0.0.0/8"): only from
# them is X-Forwarded-For believed (servicecenter.clients.client_ip).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is not an address") from None

# Personal data at rest (PIPL): 身份证号 encrypted with the first key; older keys still
# decrypt, so a new key can be put in front and `manage.py rotate_personal_data` re-encrypts.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS") or secret("FIELD_ENCRYPTION_KEYS")
PERSONAL_DATA_HASH_KEY = secret("PERSONAL_DATA_HASH_KEY")

# Retention (PIPL: personal data kept only as long as needed). `manage.py anonymize_expired`
# (cron, daily) anonymizes what has expired; the figures stay. The regulations ask for a
# 台帐/档案 but set no term: 3 years, the civil limitation period (民法典 第188条) within which
# an applicant could still dispute a case or a handed-back item.
RETENTION_CASE_YEARS = int(os.environ.get("RETENTION_CASE_YEARS") or 3)  # after 归档; notices too
RETENTION_LOST_CLAIM_YEARS = int(os.environ.get("RETENTION_LOST_CLAIM_YEARS") or 3)  # after 认领
RETENTION_APPOINTMENT_DAYS = int(
    os.environ.get("RETENTION_APPOINTMENT_DAYS") or 30
)  # after the day

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
    "complaints",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A busy or read-only database answers the Chinese 503 page (系统繁忙，请稍后再试).
    "servicecenter.busy.BusyDatabaseMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is chosen, so the refusal is in Chinese.
    "servicecenter.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Public pages for visitors not signed in, from the shared cache: a hit ends here.
    "servicecenter.public.PublicPageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "servicecenter.headers.ContentSecurityPolicyMiddleware",  # django-csp, see below
    "simple_history.middleware.HistoryRequestMiddleware",
    "servicecenter.headers.NoStoreMiddleware",
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
# Every wait on the database ends well before gunicorn kills the worker (bin/run passes
# --timeout 30): the resident gets the 503 page (servicecenter.busy), not a dropped request.
DB_STATEMENT_TIMEOUT = int(os.environ.get("DB_STATEMENT_TIMEOUT", "10"))  # seconds
DB_LOCK_TIMEOUT = int(os.environ.get("DB_LOCK_TIMEOUT", "5"))  # seconds, PostgreSQL


def sqlite_database(name: str | Path) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": name,
        "CONN_MAX_AGE": 600,  # as for PostgreSQL: no reconnect and PRAGMAs per request
        "OPTIONS": {
            # Several gunicorn workers write at once: WAL lets readers go on during a
            # write, IMMEDIATE takes the write lock at BEGIN so two writers queue instead
            # of failing half-way, and the timeout is how long a writer waits its turn
            # (SQLite's only wait: it has no statement timeout).
            "transaction_mode": "IMMEDIATE",
            "timeout": DB_STATEMENT_TIMEOUT,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    _database = dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)
    if _database["ENGINE"] == "django.db.backends.sqlite3":
        _database = {**_database, **sqlite_database(_database["NAME"])}
    elif _database["ENGINE"] == "django.db.backends.postgresql":
        _options = _database.setdefault("OPTIONS", {})
        # A statement or a lock wait past these is cancelled (and answered with the 503 page).
        _options["options"] = " ".join(
            filter(
                None,
                [
                    _options.get("options", ""),
                    f"-c statement_timeout={DB_STATEMENT_TIMEOUT * 1000}",
                    f"-c lock_timeout={DB_LOCK_TIMEOUT * 1000}",
                ],
            )
        )
    DATABASES = {"default": _database}
else:
    DATABASES = {
        "default": {
            **sqlite_database(BASE_DIR / "db.sqlite3"),
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
            # Django's, raising a busy database instead of waiting on it write after write.
            "BACKEND": "servicecenter.busy.DatabaseCache",
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
# The client's address behind the TLS proxy (servicecenter.clients), as for the rate limits.
AXES_CLIENT_IP_CALLABLE = "servicecenter.clients.client_ip"

# Limits on the anonymous endpoints, per client (servicecenter.clients) in the shared cache.
# A kiosk is one client issuing a whole hall's tickets: a busy hall issues about 10 a minute.
KIOSK_TICKETS_PER_MINUTE = int(os.environ.get("KIOSK_TICKETS_PER_MINUTE", "30"))
BOOKINGS_PER_CLIENT_PER_HOUR = int(os.environ.get("BOOKINGS_PER_CLIENT_PER_HOUR", "5"))
# Open (not cancelled, not yet used) bookings one phone number may hold on one day.
BOOKINGS_PER_PHONE_PER_DAY = int(os.environ.get("BOOKINGS_PER_PHONE_PER_DAY", "2"))

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
# Largest upload (a blank form, a staff photo), in bytes; servicecenter.uploads checks it.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES") or 5 * 1024 * 1024)
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
# Content-Security-Policy (django-csp) on every page, the admin's too: only the site's own
# script files run (no inline script, no event-handler attributes), so a script smuggled
# into a page or an upload cannot read a signed-in clerk's pages. QR codes are data: URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],  # the admin adds 'unsafe-inline' (servicecenter.headers)
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 12 * 60 * 60  # one working day at the counter

# django-import-export: importing needs the change permission, exporting the view one;
# an import runs in one transaction (all rows or none).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_FORMATS = [XLSX, CSV]
# One catalog import is checked within one request: at most this many rows and bytes.
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS") or 2000)
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES") or 5 * 1024 * 1024)

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

# The center's rules in numbers (the regulations' defaults; a center may set its own through
# the environment). Each block belongs to one part of the product.

# -- The front desk (intake): deadlines, notices, consultations, reports, lost property.
# 延期: the extensions of one case together, in working days, when the catalog names no
# statutory time limit for the item (with one, promised + extensions stay within it).
CASE_EXTENSION_CAP_DAYS = env_int("CASE_EXTENSION_CAP_DAYS", 10)
# SMS to applicants (受理, 补正, 办结, 延期): a backend class path, as EMAIL_BACKEND is.
# The console backend prints (number masked); a gateway is a class of the center's own.
SMS_BACKEND = os.environ.get("SMS_BACKEND") or "servicecenter.sms.ConsoleBackend"
SMS_FILE_PATH = os.environ.get("SMS_FILE_PATH") or str(BASE_DIR / "sms-messages")
# 首问负责制: a question not answered at once is answered within this many working days.
CONSULTATION_ANSWER_DAYS = env_int("CONSULTATION_ANSWER_DAYS", 3)
# 遗失物品处理: days a found item is kept for its owner before it may be handed on
# (一定时间仍无人认领, 交由上级领导处理); the rule names no number, 30 days is the center's own.
LOST_PROPERTY_HOLD_DAYS = env_int("LOST_PROPERTY_HOLD_DAYS", 30)
# 预约: how many days ahead a resident may book a half hour (the booking page says so).
APPOINTMENT_DAYS_AHEAD = env_int("APPOINTMENT_DAYS_AHEAD", 14)

# -- Complaints (complaints): 投诉受理.
# 投诉受理制度: the reply to a complaint is due this many working days after it is received.
COMPLAINT_REPLY_DAYS = env_int("COMPLAINT_REPLY_DAYS", 5)
# The workstation warns of complaints due within this many working days.
COMPLAINT_DUE_SOON_DAYS = env_int("COMPLAINT_DUE_SOON_DAYS", 2)
# The public form: complaints one client may file per hour.
COMPLAINT_FILINGS_PER_HOUR = env_int("COMPLAINT_FILINGS_PER_HOUR", 5)

# -- Ratings and accountability (complaints): 好差评, 整改, 过错责任追究.
# 整改 on a 差评: a supervisor contacts the resident within this many working days…
RECTIFICATION_CONTACT_DAYS = env_int("RECTIFICATION_CONTACT_DAYS", 1)
# …and records what was done within this many working days.
RECTIFICATION_DONE_DAYS = env_int("RECTIFICATION_DONE_DAYS", 15)
# 申诉: a staff member may appeal a fault decision within this many working days.
FAULT_APPEAL_DAYS = env_int("FAULT_APPEAL_DAYS", 15)
# How long a rating link shown after a /track/ lookup stays valid (seconds).
RATING_LINK_SECONDS = env_int("RATING_LINK_SECONDS", 7 * 24 * 3600)

# -- Staff: shifts, rota, holiday duty, attendance (staff).
# 签到: staff sign in this many minutes before their shift starts; the workstation reminds
# from then on, and a sign-in after the shift's start is 迟到.
ATTENDANCE_SIGN_IN_MINUTES = env_int("ATTENDANCE_SIGN_IN_MINUTES", 15)
# 累计迟到或早退超过三次，视为旷工一天: lates and early leaves together, per period of months.
ATTENDANCE_LATE_LIMIT = env_int("ATTENDANCE_LATE_LIMIT", 3)
ATTENDANCE_LATE_PERIOD_MONTHS = env_int("ATTENDANCE_LATE_PERIOD_MONTHS", 1)
# 请假: filed this many hours before it starts; duty staff on a 值班 day this many days.
LEAVE_NOTICE_HOURS = env_int("LEAVE_NOTICE_HOURS", 24)
LEAVE_NOTICE_DUTY_DAYS = env_int("LEAVE_NOTICE_DUTY_DAYS", 7)
# 年休假 days a year unless a staff member's allowance says otherwise.
ANNUAL_LEAVE_DAYS = env_int("ANNUAL_LEAVE_DAYS", 5)

# -- Staff: leave, overtime, training, assessment (staff).
# 加班时间不得超过每天工作时间的50%: a day's overtime, in per cent of that day's normal
# working time (the center's opening hours for the weekday, lunch break excluded).
OVERTIME_CAP_PERCENT = env_int("OVERTIME_CAP_PERCENT", 50)
# 新员工入职培训由…专人负责: a staff member whose induction is open may not sign on at a
# counter until its checklist is complete (1 on, 0 off).
INDUCTION_REQUIRED_FOR_COUNTER = env_int("INDUCTION_REQUIRED_FOR_COUNTER", 1)
# 考核 periods: monthly and yearly assessments (1 on, 0 off).
ASSESSMENT_MONTHLY = env_int("ASSESSMENT_MONTHLY", 1)
ASSESSMENT_YEARLY = env_int("ASSESSMENT_YEARLY", 1)
