"""At closing time: waiting tickets are cancelled or carried over, missed bookings become
no-shows. Run it from cron after closing (the workstation also runs it for past days)."""

from django.core.management.base import BaseCommand

from intake.queue import queue_close_day


class Command(BaseCommand):
    help = "Close today's queue: handle waiting tickets and record appointment no-shows."

    def handle(self, *args, **options) -> None:
        result = queue_close_day()
        self.stdout.write(
            f"{result['tickets']} waiting tickets handled, {result['no_shows']} no-shows."
        )
