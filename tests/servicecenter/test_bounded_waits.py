"""Bounded waits: a locked database answers a Chinese 503 within its timeouts instead of
hanging until gunicorn kills the worker; every SQLite database gets the same settings."""

import re
import sqlite3
import time
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client

from tests.servicecenter.test_settings import settings_value

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's lock_timeout"
)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's write lock")


def assert_busy_page(response) -> None:
    assert response.status_code == 503
    assert "系统繁忙，请稍后再试" in response.content.decode()
    assert int(response["Retry-After"]) > 0


@postgresql_only
@pytest.mark.django_db
def test_postgresql_sessions_have_statement_and_lock_timeouts():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "10s"
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == "5s"


@postgresql_only
@pytest.mark.django_db
def test_kiosk_under_a_table_lock_answers_503_within_the_lock_timeout(client, open_center):
    import psycopg

    client.get("/queue/kiosk/")  # imports and templates loaded: the timing is the wait
    params = connection.get_connection_params()
    with psycopg.connect(**params) as other:
        other.execute("SET lock_timeout = '3s'")
        other.execute("LOCK TABLE servicecenter_dailycounter IN EXCLUSIVE MODE")
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '500ms'")  # ends with the test
        started = time.monotonic()
        response = client.post("/queue/kiosk/", {"category": "minzheng"})
        elapsed = time.monotonic() - started
        other.rollback()
    assert_busy_page(response)
    assert elapsed < 2, elapsed


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_kiosk_while_another_writer_holds_sqlite_answers_503(client, open_center):
    client.get("/queue/kiosk/")  # imports and templates loaded: the timing is the wait
    other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout = 300")
    try:
        other.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        response = client.post("/queue/kiosk/", {"category": "minzheng"})
        elapsed = time.monotonic() - started
    finally:
        other.execute("ROLLBACK")
        other.close()
        connection.close()  # the next test connects with the configured timeout again
    assert_busy_page(response)
    assert elapsed < 2, elapsed


def test_any_sqlite_database_url_keeps_wal_immediate_and_the_timeout(tmp_path):
    url = f"sqlite:///{tmp_path / 'center.sqlite3'}"
    database = "settings.DATABASES['default']"
    options = settings_value(f"{database}['OPTIONS']", DATABASE_URL=url)
    assert "'transaction_mode': 'IMMEDIATE'" in options
    assert "journal_mode=WAL" in options
    assert "'timeout': 10" in options
    assert settings_value(f"{database}['CONN_MAX_AGE']", DATABASE_URL=url) == "600"
    mode = (
        "__import__('django.db').db.connection.cursor()"
        ".execute('PRAGMA journal_mode').fetchone()[0]"
    )
    assert settings_value(mode, DATABASE_URL=url) == "wal"


def test_postgresql_url_gets_statement_and_lock_timeouts():
    url = "postgres://center:secret@127.0.0.1:5432/center"
    options = "settings.DATABASES['default']['OPTIONS']['options']"
    assert settings_value(options, DATABASE_URL=url) == (
        "-c statement_timeout=10000 -c lock_timeout=5000"
    )
    shorter = settings_value(options, DATABASE_URL=url, DB_STATEMENT_TIMEOUT="4")
    assert "statement_timeout=4000" in shorter


def test_database_waits_end_before_gunicorn_kills_the_worker():
    run = (settings.BASE_DIR / "bin" / "run").read_text()
    worker_timeout = int(re.search(r"--timeout[ =]\"?(\d+)", run).group(1))
    assert settings.DB_STATEMENT_TIMEOUT < worker_timeout
    assert settings.DB_LOCK_TIMEOUT < worker_timeout


def test_two_servers_on_one_host_do_not_share_gunicorns_control_socket():
    run = (settings.BASE_DIR / "bin" / "run").read_text()
    assert "--no-control-socket" in run


def database_error(errorname: str) -> OperationalError:
    cause = sqlite3.OperationalError(errorname)
    cause.sqlite_errorname = errorname
    error = OperationalError(str(cause))
    error.__cause__ = cause
    return error


@pytest.mark.django_db
def test_a_busy_database_met_in_a_middleware_gets_the_503_page_too():
    client = Client(raise_request_exception=False)
    process_request = "django.contrib.sessions.middleware.SessionMiddleware.process_request"
    with mock.patch(process_request, side_effect=database_error("SQLITE_BUSY")):
        response = client.get("/queue/kiosk/")
    assert_busy_page(response)


@pytest.mark.django_db
def test_a_database_error_that_is_not_busy_stays_a_server_error():
    client = Client(raise_request_exception=False)
    with mock.patch("intake.queue.front_desk", side_effect=database_error("SQLITE_ERROR")):
        response = client.get("/queue/kiosk/")
    assert response.status_code == 500


@pytest.mark.django_db
def test_the_busy_page_gives_the_centers_phone_from_a_cache_that_is_not_the_database(
    demo, settings
):
    from servicecenter.models import PROFILE_KEY, CenterProfile

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    profile = CenterProfile.objects.get()
    from django.core.cache import cache

    cache.set(PROFILE_KEY, ("v1", profile))
    client = Client(raise_request_exception=False)
    with mock.patch("intake.queue.front_desk", side_effect=database_error("SQLITE_BUSY")):
        response = client.get("/queue/kiosk/")
    assert_busy_page(response)
    phone = profile.consultation_phone or profile.complaint_phone
    assert phone and phone in response.content.decode()
