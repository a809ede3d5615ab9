import os
from pathlib import Path

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's sign-in; a signed-in clerk (not admin staff) gets the polite 403 page."""
    if request.user.is_authenticated and not request.user.is_staff:
        raise PermissionDenied
    return admin.site.login(request)


class _RollBack(Exception):
    """Undoes the health check's write."""


def database_writable() -> bool:
    """A write that is rolled back: a database that answers reads may refuse writes
    (a read-only file or standby, a full disk)."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                # One row of a table every database has; the same value, then rolled back.
                cursor.execute(
                    "UPDATE django_migrations SET app = app"
                    " WHERE id = (SELECT MIN(id) FROM django_migrations)"
                )
            raise _RollBack
    except _RollBack:
        return sqlite_file_in_place()
    except DatabaseError:
        return False


def sqlite_file_in_place() -> bool:
    """The SQLite file the connection has open is still the one at its path: once it is
    moved or deleted, writes go on into a file nobody will open again."""
    if connection.vendor != "sqlite":
        return True
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA database_list")
        path = next((file for _seq, name, file in cursor.fetchall() if name == "main"), "")
    if not path:
        return True  # an in-memory database
    try:
        at_path = os.stat(path)
    except OSError:
        return False
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        return True  # not Linux: that the path exists is all we can tell
    for fd in fds.iterdir():
        try:
            opened = fd.stat()  # the open file itself, even when moved or deleted
        except OSError:
            continue
        if (opened.st_dev, opened.st_ino) == (at_path.st_dev, at_path.st_ino):
            return True
    return False


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when the database can be read and written, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        writable = database_writable()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    if not writable:
        return HttpResponse("database not writable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
