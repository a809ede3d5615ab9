"""The demo center for tests: loaded for real once, then replayed as plain INSERTs.

`manage.py load_demo` reads the fixtures, imports the catalog workbook through import-export
and writes the first history of every row: most of a second, for about a hundred tests. The
first test that asks for it loads it for real; the tables it changed are kept (column names and
rows) and the next tests get the same rows back with one INSERT per table, in a few
milliseconds.

A snapshot is only replayed onto the same database it was taken from: the key holds every row
that was there before (a transactional test flushes the tables and the post-migrate handlers
refill them with other ids), the settings that shape the stored values (keys, hasher) and the
hour (history dates and `updated_at` are stamped with the time of the load). Any other
starting point loads the demo for real and keeps a snapshot for that one too.
"""

import datetime as dt
import hashlib
import os
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

Table = tuple[str, list[str], list[tuple]]
_snapshots: dict[str, list[Table]] = {}


def _tables(cursor) -> list[str]:
    found = connection.introspection.get_table_list(cursor)
    # The shared cache is not the demo: what loading it caches (public versions, made of
    # the clock) differs from load to load.
    return sorted(
        table.name for table in found if table.type == "t" and table.name != "django_cache"
    )


def _plain(value):
    """A value as read, in a form that is written back unchanged and compares by content."""
    if isinstance(value, memoryview):
        return bytes(value)
    if connection.vendor == "sqlite" and isinstance(value, dt.date | dt.time):
        # Django's SQLite converters parsed these; store the text Django itself writes.
        return str(value)
    return value


def _contents(cursor) -> dict[str, tuple[list[str], list[tuple]]]:
    quote = connection.ops.quote_name
    contents = {}
    for table in _tables(cursor):
        cursor.execute(f"SELECT * FROM {quote(table)}")
        columns = [column[0] for column in cursor.description]
        rows = sorted((tuple(_plain(v) for v in row) for row in cursor.fetchall()), key=repr)
        contents[table] = (columns, rows)
    return contents


def _key(before: dict) -> str:
    context = (
        connection.vendor,
        settings.FIELD_ENCRYPTION_KEYS,
        settings.PERSONAL_DATA_HASH_KEY,
        settings.PASSWORD_HASHERS,
        timezone.now().strftime("%Y-%m-%d %H"),
        sorted(before.items()),
    )
    return hashlib.sha256(repr(context).encode()).hexdigest()


def _replay(tables: list[Table]) -> None:
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        # Foreign keys are checked at commit (Django makes them deferrable), so order is free.
        for table, columns, rows in tables:
            cursor.execute(f"DELETE FROM {quote(table)}")
            if rows:
                names = ", ".join(quote(column) for column in columns)
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)
        changed = {table for table, _columns, _rows in tables}
        models = [
            model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.db_table in changed
        ]
        # PostgreSQL's sequences do not follow explicit ids (SQLite's AUTOINCREMENT does).
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def load(real_load: Callable[[], None]) -> None:
    """The demo center in the test database, as `real_load` would leave it."""
    with connection.cursor() as cursor:
        before = _contents(cursor)
    key = _key(before)
    if key in _snapshots:
        _replay(_snapshots[key])
        return
    real_load()
    with connection.cursor() as cursor:
        after = _contents(cursor)
    _snapshots[key] = [
        (table, *after[table])
        for table in sorted(after)
        if after[table] != before.get(table, (after[table][0], []))
    ]
    if os.environ.get("DEMO_SNAPSHOT_VERBOSE"):  # to count the real loads of a run
        print(f"\ndemo loaded for real: {[(t, len(r)) for t, _c, r in _snapshots[key]]}")
