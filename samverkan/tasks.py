"""The app's jobs on the queue (procrastinate): the Koha import and the transfers' summaries."""

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


@app.task
def refresh_summaries(region_id):
    """Make the region's summaries of its transfers again (after an import)."""
    from .services import make_summaries

    make_summaries(region_id)
