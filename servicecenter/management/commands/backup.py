"""Back up the database, and the personal-data keys into a separate file.

SQLite: the online backup API, consistent while the site runs. PostgreSQL: pg_dump -Fc.
Without the keys file every encrypted 身份证号 in the backup is lost; with it, anyone holding
the backup can read them: store the two apart.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from servicecenter.backups import BackupError, database_backup


class Command(BaseCommand):
    help = "Back up the database and, in a separate file, the keys that read its personal data."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dir",
            type=Path,
            default=Path(settings.BASE_DIR) / "backups",
            help="Directory of the database backup (default: backups/ beside manage.py).",
        )
        parser.add_argument(
            "--keys-dir",
            type=Path,
            default=None,
            help="Directory of the keys file: another disk or place than --dir.",
        )

    def handle(self, *args, **options) -> None:
        try:
            keys_dir = options["keys_dir"]
            backup = database_backup(
                directory=Path(options["dir"]), keys_directory=Path(keys_dir) if keys_dir else None
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Database backed up to {backup.database}"))
        self.stdout.write(
            f"Keys (FIELD_ENCRYPTION_KEYS, PERSONAL_DATA_HASH_KEY, SECRET_KEY) written to "
            f"{backup.keys}"
        )
        self.stdout.write(
            self.style.WARNING(
                "Store the keys file apart from the database backup (another medium or place): "
                "without it the 身份证号 in the backup cannot be read; together they reveal them."
            )
        )
        if backup.keys.parent.resolve() == backup.database.parent.resolve():
            self.stdout.write(
                self.style.WARNING(
                    "The keys file is beside the backup now; move it, or give --keys-dir."
                )
            )
        self.stdout.write(f"Restore with: manage.py restore {backup.database} --keys {backup.keys}")
