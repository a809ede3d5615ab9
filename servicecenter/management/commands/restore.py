"""Restore a backup made by `manage.py backup`, and put its keys back.

The keys are checked against one encrypted 身份证号 of the backup before anything is
changed: keys that cannot read it are refused and the database stays as it was.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from servicecenter.backups import BackupError, database_restore, secrets_path


class Command(BaseCommand):
    help = "Replace the database with a backup and restore the keys written with it."

    def add_arguments(self, parser) -> None:
        parser.add_argument("backup", type=Path, help="The .sqlite3 or .pgdump backup file.")
        parser.add_argument(
            "--keys", type=Path, required=True, help="The .keys.json file written with it."
        )

    def handle(self, *args, **options) -> None:
        try:
            overridden = database_restore(
                backup=Path(options["backup"]), keys_file=Path(options["keys"])
            )
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
        self.stdout.write("Restart the site so that it reads the restored keys.")
