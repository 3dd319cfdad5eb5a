import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from biblioteksplaner.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Sends the day's reminders about library plans: unsubmitted survey answers a week "
        "before and on the deadline, and plans that expire within the window. The queue's "
        "daily job (biblioteksplaner/tasks.py) does this by itself; this runs it by hand."
    )

    def add_arguments(self, parser):
        parser.add_argument("--datum", help="Kör som om det vore detta datum (ÅÅÅÅ-MM-DD).")

    def handle(self, *args, datum=None, **options):
        try:
            today = datetime.date.fromisoformat(datum) if datum else timezone.localdate()
        except ValueError as error:
            raise CommandError("Ange datumet som ÅÅÅÅ-MM-DD.") from error
        logged = send_reminders(today, settings.PORTAL_URL)
        for log in logged:
            self.stdout.write(f"{log.get_kind_display()}: {log.municipality} -> {log.recipient}")
        self.stdout.write(f"{len(logged)} påminnelser skickade {today.isoformat()}.")
