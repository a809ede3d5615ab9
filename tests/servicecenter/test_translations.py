"""The zh_Hans catalogue is complete: every source string has a translation, none fuzzy."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

CATALOGUE = Path("locale/zh_Hans/LC_MESSAGES/django.po")
SOURCES = ["servicecenter", "staff", "disclosure", "intake", "complaints", "templates"]


def test_catalogue_covers_every_source_string_and_has_no_fuzzy_entry(tmp_path):
    # Extract the strings from a copy of the sources into a copy of the catalogue, so
    # a string added without a translation fails here.
    base = Path(settings.BASE_DIR)
    for name in SOURCES:
        if (base / name).exists():
            shutil.copytree(
                base / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__")
            )
    shutil.copy(base / "manage.py", tmp_path)
    (tmp_path / CATALOGUE.parent).mkdir(parents=True)
    shutil.copy(base / CATALOGUE, tmp_path / CATALOGUE)
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "zh_Hans", "--no-location", "-v0"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": ""},
        check=True,
        capture_output=True,
    )
    result = subprocess.run(
        ["msgfmt", "--check-format", "--statistics", "-o", "/dev/null", str(tmp_path / CATALOGUE)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_the_admins_selection_widgets_speak_chinese(client, supervisor):
    # Django 5.2's own zh_Hans JavaScript catalogue lacks "Choose all %s" and its kin.
    client.force_login(supervisor)
    catalogue = client.get("/admin/jsi18n/").content.decode()
    for english, chinese in [("Choose all %s", "全选%s"), ("Remove all %s", "删除全部%s")]:
        found = re.search(rf'"{re.escape(english)}": ("[^"]*")', catalogue)
        assert found and json.loads(found.group(1)) == chinese


def test_the_green_channels_disabled_does_not_rename_djangos_disabled(client, director):
    from django.utils.translation import gettext, override

    from intake.models import Ticket

    with override("zh-hans"):
        assert str(Ticket.Priority.DISABLED.label) == "残疾人"
        assert gettext("Disabled") != "残疾人"
    client.force_login(director)
    page = client.get("/admin/auth/user/add/").content.decode()
    assert "残疾人" not in page
