"""An import run: the file read and stored batch by batch, its progress saved in the run's
row after each (so that another request can follow it), and the report at the end."""

import logging
import os

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import ImportStatus
from ..models import BranchCode
from ..services import schedule_summaries
from . import storing
from .detection import FileError
from .reader import Reader

log = logging.getLogger(__name__)


def _save_progress(run, reader, **extra):
    run.bytes_read = min(run.size, reader.binary.tell()) if run.size else 0
    run.rows_read = reader.rows_read
    run.bad_rows = reader.bad_rows
    fields = ["bytes_read", "rows_read", "bad_rows", "rows_added", "rows_known", *extra]
    for name, value in extra.items():
        setattr(run, name, value)
    run.save(update_fields=[*fields, "modified"])


def run_import(run, path=None, progress=None):
    """Import the run's file (or the file at `path`); `progress(bytes_read)` is called after
    each batch."""
    run.status = ImportStatus.RUNNING
    run.started = timezone.now()
    run.rows_added = run.rows_known = 0
    run.save(update_fields=["status", "started", "rows_added", "rows_known", "modified"])
    try:
        with open(path, "rb") if path else run.file.open("rb") as binary:
            run.size = os.fstat(binary.fileno()).st_size
            try:
                reader = Reader(binary)
            except FileError as error:
                return _finish(run, ImportStatus.FAILED, str(error))
            run.encoding, run.delimiter = reader.layout.encoding, reader.layout.delimiter
            state = storing.prepare(run, reader.layout.has_id)
            tables = reader.tables()
            while True:
                rows, added, known = storing.store(run, tables, reader.error, state)
                if not rows:
                    break
                run.rows_added += added
                run.rows_known += known
                _save_progress(run, reader)
                if progress:
                    progress(run.bytes_read)
            _save_progress(run, reader)
            _summarize()
            if progress:
                progress(run.size)
    except Exception as error:
        log.exception("Import %s failed", run.pk)
        return _finish(
            run,
            ImportStatus.FAILED,
            _(
                "Importen avbröts: %(error)s. Raderna som lästs in innan dess finns kvar; "
                "läs in filen igen för att fortsätta."
            )
            % {"error": error},
        )
    known = set(BranchCode.objects.filter(region=run.region_id).values_list("code", flat=True))
    run.unmapped = {code: n for code, n in sorted(reader.codes.items()) if code not in known}
    run.errors = sorted(reader.errors)
    message = ""
    if not reader.rows_read:
        message = _("Filen innehåller inga rader efter rubrikraden.")
    return _finish(run, ImportStatus.DONE, message)


def _summarize():
    """Summarize the transfers' BRIN index over the page ranges the import filled: a range
    without a summary matches every query, so a year's transfers would be read from the whole
    table until a VACUUM summarizes it, whenever autovacuum gets there."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT brin_summarize_new_values('transfer_region_date_brin')")


def _finish(run, status, message):
    """Save the run's end, and queue the refresh of the region's summaries (whatever its
    batches stored, committed, is in the transfers)."""
    run.status = status
    run.message = message
    run.finished = timezone.now()
    run.save()
    schedule_summaries(run.region_id)
    return run
