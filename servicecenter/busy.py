"""A database that is busy (a lock or statement timeout, SQLite's write lock, a read-only or
unreachable database) gets the Chinese 503 page with Retry-After, not a hung worker or
a plain "Internal Server Error"."""

import logging
import sys

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import DatabaseError, connections, router
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views import defaults

log = logging.getLogger(__name__)

RETRY_AFTER = 30  # seconds

# PostgreSQL SQLSTATEs of a database that will answer again: lock_not_available
# (lock_timeout), query_canceled (statement_timeout), read_only_sql_transaction (a standby),
# serialization_failure, deadlock_detected, too_many_connections, admin/crash shutdown,
# cannot_connect_now, and the connection exceptions (class 08).
BUSY_SQLSTATES = {"55P03", "57014", "25006", "40001", "40P01", "53300", "57P01", "57P02", "57P03"}
# SQLite: another writer holds the lock, the file cannot be written or read.
BUSY_SQLITE = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_CANTOPEN")


def is_busy(exc: BaseException | None) -> bool:
    if not isinstance(exc, DatabaseError):
        return False
    cause = exc.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate in BUSY_SQLSTATES or sqlstate.startswith("08")
    if type(cause).__module__.startswith("psycopg"):
        return type(cause).__name__ == "OperationalError"  # no connection at all
    return getattr(cause, "sqlite_errorname", "").startswith(BUSY_SQLITE)


def _center_phone() -> str:
    """The center's phone from a cache that is not the database that just failed."""
    from servicecenter.models import PROFILE_KEY

    if settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
        return ""
    try:
        entry = cache.get(PROFILE_KEY)
    except Exception:  # the page must render whatever else is down
        return ""
    profile = entry[1] if entry else None
    return (profile.consultation_phone or profile.complaint_phone) if profile else ""


def busy_response(request: HttpRequest, exc: BaseException) -> HttpResponse:
    log.warning(
        "database busy on %s %s: %s", request.method, request.path, type(exc.__cause__ or exc)
    )
    # No request context: the context processors would ask the database again.
    context = {"phone": _center_phone(), "again": request.path}
    content = loader.render_to_string("503.html", context)
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class BusyDatabaseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        return busy_response(request, exc) if is_busy(exc) else None


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a busy database met outside a view (a middleware) gets the 503 page too."""
    exc = sys.exc_info()[1]
    if is_busy(exc):
        return busy_response(request, exc)
    return defaults.server_error(request)


class DatabaseCache(DjangoDatabaseCache):
    """Django's database cache, except that a busy database is not swallowed.

    Django's cache ignores a failed write; on a locked SQLite file each write of a request
    would first wait the whole busy timeout (a dozen writes: minutes, past gunicorn's
    timeout). Raising the first one ends the request at once with the 503 page.
    """

    def _base_set(self, mode, key, value, timeout=DEFAULT_TIMEOUT):
        busy: list[DatabaseError] = []

        def watch(execute, sql, params, many, context):
            try:
                return execute(sql, params, many, context)
            except DatabaseError as exc:
                if is_busy(exc):
                    busy.append(exc)
                raise

        db = router.db_for_write(self.cache_model_class)
        with connections[db].execute_wrapper(watch):
            result = super()._base_set(mode, key, value, timeout)
        if busy:
            raise busy[0]
        return result
