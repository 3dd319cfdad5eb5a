"""The app's jobs on the queue (procrastinate): participant anonymisation, daily; the import
of a file of self-assessment answers."""

import datetime

from procrastinate.contrib.django import app

from .models import ResponseImport
from .services import anonymise_participants, fail_import, import_responses, retention_months


@app.periodic(cron="30 3 * * *")  # daily, 03:30 UTC
@app.task
def anonymise_old_participants(timestamp):
    """Anonymise the participants of events that ended the retention period before the day's
    run (`timestamp`, when it was due)."""
    due = datetime.datetime.fromtimestamp(timestamp, datetime.UTC)
    anonymise_participants(retention_months(), now=due)


@app.task
def import_answers(source_id):
    """Import an uploaded file of answer sheets; a retry after a stopped worker imports it
    whole, a retry after it was done nothing. An error ends the import with it (the job fails,
    and is not tried again)."""
    source = ResponseImport.objects.get(pk=source_id)
    try:
        import_responses(source)
    except Exception:
        fail_import(source)
        raise
