"""What bin/run does about the demo center, after migrate.

The demo's passwords are published in the README, so it is loaded only when that is surely
wanted: on the very first start of an installation on SQLite, or when DEMO=1 asks. If the
SQLite file has gone missing after the installation held data (a marker beside .secrets.json
says so), a fresh demo database would silently replace the center's records with one anyone
can sign in to: stop instead and say how to restore a backup.
"""

import json
import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from servicecenter.models import CenterProfile

LOAD_DEMO, NOTHING, REFUSE = "load_demo", "nothing", "refuse"


def marker_path() -> Path:
    return Path(settings.BASE_DIR) / ".initialized"


def demo_decision(*, demo: str, database_url: str, database_empty: bool, initialized: bool) -> str:
    """LOAD_DEMO, NOTHING or REFUSE, from DEMO, DATABASE_URL and the installation's state."""
    if demo == "0":
        return NOTHING
    if demo == "1":
        return LOAD_DEMO  # load_demo itself never loads into a database that holds a center
    if database_url or not database_empty:
        return NOTHING  # a server database is never given published passwords unasked
    return REFUSE if initialized else LOAD_DEMO


def database_empty() -> bool:
    return not CenterProfile.objects.exists() and not get_user_model().objects.exists()


class Command(BaseCommand):
    help = "Load the demo on an installation's first start only (bin/run calls this)."

    def handle(self, *args, **options) -> None:
        marker = marker_path()
        decision = demo_decision(
            demo=os.environ.get("DEMO", "").strip(),
            database_url=settings.DATABASE_URL,
            database_empty=database_empty(),
            initialized=marker.exists(),
        )
        if decision == REFUSE:
            since = json.loads(marker.read_text() or "{}").get("since", "?")
            raise CommandError(
                f"The database {settings.DATABASES['default']['NAME']} is empty, but this "
                f"installation has held data since {since} ({marker.name}): the database file "
                "has gone missing. The demo (with its published passwords) is NOT loaded.\n"
                "  Restore the last backup: .venv/bin/python manage.py restore "
                "backups/servicecenter-….sqlite3 --keys …/servicecenter-….keys.json\n"
                "  or start a new demo database on purpose: DEMO=1 bin/run"
            )
        if decision == LOAD_DEMO:
            call_command("load_demo", stdout=self.stdout)
        if not settings.DATABASE_URL and not database_empty() and not marker.exists():
            # From now on an empty database means a lost one, not a new installation.
            marker.write_text(
                json.dumps({"since": timezone.localtime().isoformat(timespec="seconds")})
            )
