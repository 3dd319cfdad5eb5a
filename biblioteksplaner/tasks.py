"""The app's jobs on the queue (procrastinate): the plan reminders, daily."""

import datetime

from django.conf import settings
from django.utils import timezone
from procrastinate.contrib.django import app

from .reminders import send_reminders


@app.periodic(cron="0 5 * * *")  # daily, 05:00 UTC
@app.task
def send_plan_reminders(timestamp):
    """Send the reminders due on the day the run was due (`timestamp`), in the portal's time
    zone, linking to the portal at PORTAL_URL; each is sent once, so a run retried or
    repeated sends nothing again."""
    due = datetime.datetime.fromtimestamp(timestamp, datetime.UTC)
    send_reminders(timezone.localdate(due), settings.PORTAL_URL)
