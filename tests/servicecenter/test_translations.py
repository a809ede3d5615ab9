"""The zh_Hans catalogue is complete: every source string has a translation, none fuzzy."""

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
