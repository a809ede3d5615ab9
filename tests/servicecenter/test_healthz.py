import os
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext


def test_healthz_is_200_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_is_503_when_the_database_does_not(client, db):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503


sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite file")


def test_healthz_writes_to_the_database_and_keeps_nothing(client, db):
    from django.db.migrations.recorder import MigrationRecorder

    before = list(MigrationRecorder.Migration.objects.values_list("id", "app", "name", "applied"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/healthz").status_code == 200
    assert any(query["sql"].lstrip().upper().startswith("UPDATE") for query in queries)
    after = list(MigrationRecorder.Migration.objects.values_list("id", "app", "name", "applied"))
    assert after == before


@sqlite_only
def test_healthz_is_503_when_the_database_cannot_be_written(client, db):
    assert client.get("/healthz").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA query_only = ON")  # as a read-only file opens: reads only
    try:
        response = client.get("/healthz")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = OFF")
    assert response.status_code == 503


@sqlite_only
def test_healthz_is_503_when_the_database_file_was_moved_away(client, db):
    assert client.get("/healthz").status_code == 200  # the connection has the file open
    path = Path(connection.settings_dict["NAME"])
    moved = path.with_name(path.name + ".moved")
    os.rename(path, moved)
    try:
        # Writes would still succeed, into a file nobody will ever open again.
        response = client.get("/healthz")
    finally:
        os.rename(moved, path)
    assert response.status_code == 503
    assert client.get("/healthz").status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a read-only PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_when_postgresql_is_read_only(client):
    assert client.get("/healthz").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SET default_transaction_read_only = on")  # as on a standby
    try:
        response = client.get("/healthz")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET default_transaction_read_only")
    assert response.status_code == 503
