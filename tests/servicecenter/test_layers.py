"""The apps depend in one direction: servicecenter <- staff <- disclosure <- intake <- complaints.
A lower app imports no higher one (the role permissions come through the app registry)."""

import re
from pathlib import Path

from django.conf import settings

ORDER = ["servicecenter", "staff", "disclosure", "intake", "complaints"]
IMPORT = re.compile(r"^\s*(?:from|import)\s+(\w+)", re.M)


def test_no_app_imports_an_app_above_it():
    base = Path(settings.BASE_DIR)
    wrong = []
    for level, app in enumerate(ORDER):
        above = set(ORDER[level + 1 :])
        for path in (base / app).rglob("*.py"):
            for name in IMPORT.findall(path.read_text()):
                if name in above:
                    wrong.append(f"{path.relative_to(base)} imports {name}")
    assert wrong == []
