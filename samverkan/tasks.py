"""The app's jobs on the queue (procrastinate): the Koha import."""

from procrastinate.contrib.django import app

from .choices import ImportStatus
from .models import TransferImport


@app.task
def import_transfers(run_id):
    """Import an uploaded Koha export. A job retried after its worker stopped reads the file
    again: the rows already stored are not added twice, and still count as this import's."""
    from . import koha  # Arrow loads only in a process that imports (about 40 MB)

    run = TransferImport.objects.get(pk=run_id)
    if run.status in (ImportStatus.PENDING, ImportStatus.RUNNING):
        koha.run_import(run)
