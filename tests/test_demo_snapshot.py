"""The `demo` fixture's replay leaves the database as a real `load_demo` does."""

import datetime as dt
import os
import re

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from tests import demo_snapshot

pytestmark = pytest.mark.django_db


def real_load() -> None:
    call_command("load_demo", stdout=open(os.devnull, "w"))


def stamped(value) -> bool:
    """A time of day: the load's own (SQLite's rows hold it as text)."""
    if isinstance(value, str):
        return bool(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?", value))
    return isinstance(value, dt.datetime)


def salted(value) -> bool:
    # Password hashes and encrypted 身份证号 (Fernet tokens) differ at every load.
    return isinstance(value, str) and value.startswith(("md5$", "pbkdf2_", "gAAAAA"))


def comparable(contents: dict) -> dict:
    """Rows without the load's timestamps and salted values (and, on PostgreSQL, ids: its
    sequences never roll back, so every real load there takes new ones)."""
    masked = {}
    for table, (columns, rows) in contents.items():
        hide = [
            connection.vendor != "sqlite" and (name == "id" or name.endswith("_id"))
            for name in columns
        ]
        masked[table] = sorted(
            (
                tuple(
                    "…" if hidden or stamped(value) or salted(value) else value
                    for value, hidden in zip(row, hide, strict=True)
                )
                for row in rows
            ),
            key=repr,
        )
    return masked


def state_after(load) -> dict:
    """The whole database after `load`, then rolled back."""
    savepoint = transaction.savepoint()
    load()
    with connection.cursor() as cursor:
        contents = demo_snapshot._contents(cursor)
    transaction.savepoint_rollback(savepoint)
    return comparable(contents)


def test_the_replayed_demo_is_the_loaded_demo():
    loaded = state_after(real_load)
    state_after(lambda: demo_snapshot.load(real_load))  # the snapshot exists from here on
    replayed = state_after(lambda: demo_snapshot.load(lambda: pytest.fail("not replayed")))
    assert sum(len(rows) for rows in replayed.values()) > 500  # the catalog, staff, history
    assert replayed == loaded
