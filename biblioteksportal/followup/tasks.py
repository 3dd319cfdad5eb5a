"""The follow-up's job on the queue (procrastinate): the rounds' reminders, daily."""

import datetime

from django.conf import settings
from django.utils import timezone
from procrastinate.contrib.django import app

from .reminders import send_reminders


@app.periodic(cron="30 5 * * *")  # daily, 05:30 UTC
@app.task
def send_round_reminders(timestamp):
    """Send the reminders due on the day the run was due, once per round and recipient, so a
    run retried or repeated sends nothing again."""
    due = datetime.datetime.fromtimestamp(timestamp, datetime.UTC)
    send_reminders(timezone.localdate(due), settings.PORTAL_URL)
