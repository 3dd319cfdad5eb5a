"""The app's jobs on the queue (procrastinate): participant anonymisation, daily."""

import datetime

from procrastinate.contrib.django import app

from .services import anonymise_participants, retention_months


@app.periodic(cron="30 3 * * *")  # daily, 03:30 UTC
@app.task
def anonymise_old_participants(timestamp):
    """Anonymise the participants of events that ended the retention period before the day's
    run (`timestamp`, when it was due)."""
    due = datetime.datetime.fromtimestamp(timestamp, datetime.UTC)
    anonymise_participants(retention_months(), now=due)
