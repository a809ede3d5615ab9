"""Restore a backup made by `manage.py backup`, and put its keys back.

The keys are checked against one encrypted 身份证号 of the backup before anything is
changed: keys that cannot read it are refused and the database stays as it was.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from servicecenter.backups import BackupError, database_restore, restore_check, secrets_path


class Command(BaseCommand):
    help = "Replace the database with a backup and restore the keys written with it."

    def add_arguments(self, parser) -> None:
        parser.add_argument("backup", type=Path, help="The .sqlite3 or .pgdump backup file.")
        parser.add_argument(
            "--keys", type=Path, required=True, help="The .keys.json file written with it."
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation (scripts).",
        )

    def handle(self, *args, **options) -> None:
        backup, keys = Path(options["backup"]), Path(options["keys"])
        try:
            restore_check(backup=backup, keys_file=keys)  # refuse before asking
            if options["interactive"]:
                answer = input(
                    f"The keys fit. This replaces everything in the database "
                    f"{connection.settings_dict['NAME']} with {backup}. Type 'yes' to continue: "
                )
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled; nothing was changed.")
            overridden = database_restore(backup=backup, keys_file=keys)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Database restored from {options['backup']}"))
        self.stdout.write(f"Keys restored into {secrets_path()}")
        if overridden:
            self.stdout.write(
                self.style.WARNING(
                    f"The environment sets {', '.join(overridden)} to other values, and the "
                    f"environment wins over {secrets_path().name}: set them to the values in "
                    f"{options['keys']} before starting the site."
                )
            )
        self.stdout.write(
            "Run manage.py migrate if the backup is older than the code (bin/run does), and "
            "restart the site so that it reads the restored keys."
        )
