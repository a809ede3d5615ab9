"""bin/run's demo decision: the demo and its published passwords only on a first start."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from intake.management.commands import first_run_setup
from intake.management.commands.first_run_setup import (
    LOAD_DEMO,
    NOTHING,
    REFUSE,
    demo_decision,
)
from servicecenter.models import CenterProfile


@pytest.mark.parametrize(
    ("demo", "database_url", "empty", "initialized", "expected"),
    [
        ("", "", True, False, LOAD_DEMO),  # the very first start on SQLite
        ("", "", False, True, NOTHING),  # an ordinary restart
        ("", "", True, True, REFUSE),  # the SQLite file has gone missing
        ("1", "", True, True, LOAD_DEMO),  # a new demo database, asked for
        ("0", "", True, False, NOTHING),
        ("", "postgres://u@h/db", True, False, NOTHING),  # a server database: never unasked
        ("1", "postgres://u@h/db", True, False, LOAD_DEMO),
    ],
)
def test_demo_decision(demo, database_url, empty, initialized, expected):
    assert (
        demo_decision(
            demo=demo, database_url=database_url, database_empty=empty, initialized=initialized
        )
        == expected
    )


@pytest.fixture
def marker(tmp_path, monkeypatch, settings):
    settings.DATABASE_URL = ""
    monkeypatch.delenv("DEMO", raising=False)
    path = tmp_path / ".initialized"
    monkeypatch.setattr(first_run_setup, "marker_path", lambda: path)
    return path


@pytest.mark.django_db
def test_first_start_loads_the_demo_and_marks_the_installation(marker, capsys):
    call_command("first_run_setup")
    assert CenterProfile.objects.exists()
    assert marker.exists()
    call_command("first_run_setup")  # a restart changes nothing
    assert CenterProfile.objects.count() == 1


@pytest.mark.django_db
def test_lost_database_is_not_silently_replaced_by_the_demo(marker):
    marker.write_text('{"since": "2026-01-05T09:00:00+08:00"}')
    with pytest.raises(CommandError, match="manage.py restore") as refused:
        call_command("first_run_setup")
    assert "DEMO=1" in str(refused.value)
    assert not CenterProfile.objects.exists() and not User.objects.exists()


@pytest.mark.django_db
def test_demo_1_starts_a_new_demo_database_on_purpose(marker, monkeypatch):
    marker.write_text("{}")
    monkeypatch.setenv("DEMO", "1")
    call_command("first_run_setup")
    assert CenterProfile.objects.exists()


@pytest.mark.django_db
def test_server_database_gets_no_demo_unless_asked(marker, settings):
    settings.DATABASE_URL = "postgres://center@db:5432/center"
    call_command("first_run_setup")
    assert not CenterProfile.objects.exists() and not User.objects.exists()
    assert not marker.exists()
