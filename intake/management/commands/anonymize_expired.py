"""Anonymize personal data past its retention (PIPL); run daily from cron.

RETENTION_CASE_YEARS after 归档 for cases (and after issue for 一次性告知书 and referral
notices), RETENTION_LOST_CLAIM_YEARS after a lost item was claimed, RETENTION_APPOINTMENT_DAYS
after an appointment's day, RETENTION_CASE_YEARS after a consultation was asked. Names
become 已匿名, 身份证号, their hashes and phones are emptied, in the records and their
history; the ledger's and the daily report's figures stay the same.
"""

from django.core.management.base import BaseCommand

from intake.personal_data import expired_anonymize


class Command(BaseCommand):
    help = "Anonymize personal data kept longer than the retention settings allow."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what has expired; change nothing."
        )

    def handle(self, *args, **options) -> None:
        counts = expired_anonymize(dry_run=options["dry_run"])
        verb = "Would anonymize" if options["dry_run"] else "Anonymized"
        self.stdout.write(
            f"{verb}: {counts['cases']} cases, {counts['notices']} notices, "
            f"{counts['lost_claims']} lost-property claims, "
            f"{counts['appointments']} appointments, "
            f"{counts['consultations']} consultations."
        )
