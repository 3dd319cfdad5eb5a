"""The Koha import as a job of the queue: a worker that stops mid-import leaves the job to be
retried by the queue, and the retry stores every row exactly once."""

import contextlib
import signal
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from procrastinate.exceptions import AlreadyEnqueued

from biblioteksportal.tasks import retry_stalled_jobs
from samverkan.choices import ImportStatus
from samverkan.koha import storing
from samverkan.models import Transfer, TransferImport
from samverkan.services import schedule_import
from samverkan.tasks import import_transfers

from ..builders import csv_bytes, generated, wait_for, worker_process

ROWS = 1_000


class Killed(BaseException):
    """The worker's process ends here (not an error the import catches)."""


def stop_after(monkeypatch, batches):
    """The next import stops, as if its worker were killed, after `batches` committed batches."""
    store = storing.store
    stored = []

    def store_then_stop(*args):
        if len(stored) == batches:
            raise Killed
        stored.append(store(*args))
        return stored[-1]

    monkeypatch.setattr(storing, "store", store_then_stop)


def stall(queue, job, heartbeat):
    """The job is running on a worker whose last heartbeat was `heartbeat` ago."""
    queue.workers[99] = timezone.now() - heartbeat
    queue.jobs[job["id"]].update(status="doing", worker_id=99)


@pytest.fixture
def upload(region, libraries, monkeypatch):
    monkeypatch.setattr(storing, "BATCH", 200)
    monkeypatch.setattr("samverkan.koha.reader.BLOCK", 1 << 12)
    data = generated(ROWS)
    run = TransferImport.objects.create(
        region=region, file=SimpleUploadedFile("bt.csv", data), file_name="bt.csv"
    )
    return run


def test_a_job_interrupted_mid_import_is_retried_with_every_row_once(upload, monkeypatch, run_jobs):
    schedule_import(upload)
    (job,) = run_jobs.queue.jobs.values()
    with monkeypatch.context() as patch, pytest.raises(Killed):
        stop_after(patch, 2)
        import_transfers(run_id=upload.pk)  # the worker that ran it is killed
    stall(run_jobs.queue, job, timedelta(minutes=1))
    upload.refresh_from_db()
    assert upload.status == ImportStatus.RUNNING
    assert 0 < Transfer.objects.count() < ROWS  # its committed batches are kept

    retry_stalled_jobs.defer(timestamp=0)
    run_jobs()  # the periodic job queues the stalled job again, and the worker runs it
    upload.refresh_from_db()
    assert not run_jobs.queue.jobs  # run, and removed from the queue
    assert (upload.status, upload.rows_read, upload.bad_rows) == (ImportStatus.DONE, ROWS, 0)
    assert (upload.rows_added, upload.rows_known) == (ROWS, 0)  # its own rows, not known ones
    lines = list(Transfer.objects.order_by("line").values_list("line", flat=True))
    assert lines == list(range(2, ROWS + 2))


def test_a_job_of_a_finished_import_does_nothing(upload, run_jobs):
    """A job retried after its import was done (the worker stopped just after it) leaves it."""
    import_transfers(run_id=upload.pk)
    upload.refresh_from_db()
    finished = upload.finished
    import_transfers(run_id=upload.pk)
    upload.refresh_from_db()
    assert (upload.status, upload.finished, upload.rows_added) == (
        ImportStatus.DONE,
        finished,
        ROWS,
    )
    assert Transfer.objects.count() == ROWS


def test_only_a_silent_workers_jobs_are_retried(upload, run_jobs):
    schedule_import(upload)
    (job,) = run_jobs.queue.jobs.values()
    stall(run_jobs.queue, job, timedelta(seconds=5))  # a worker still at work
    retry_stalled_jobs.defer(timestamp=0)
    run_jobs()
    assert run_jobs.queue.jobs[job["id"]]["status"] == "doing"
    assert not Transfer.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_process_leaves_the_import_to_the_next(region, libraries):
    """Two real workers: the first is killed (SIGKILL) after the import's first batch, and the
    second, once the queue has retried the stalled job, stores every row exactly once."""
    rows = 2 * storing.BATCH + 1_000  # three batches
    data = csv_bytes(f"{i},{i},1,T,2019-01-01,2019-01-01,VAS,,,KOP,,R" for i in range(1, rows + 1))
    run = TransferImport.objects.create(
        region=region, file=SimpleUploadedFile("bt.csv", data), file_name="bt.csv"
    )

    def imported():
        run.refresh_from_db()
        return run.rows_added

    with worker_process() as worker:
        schedule_import(run)
        wait_for(imported)
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    run.refresh_from_db()
    assert run.status == ImportStatus.RUNNING and 0 < Transfer.objects.count() < rows
    with connection.cursor() as cursor:  # 30 seconds pass without the killed worker's heartbeat
        cursor.execute(
            "UPDATE procrastinate_workers SET last_heartbeat = now() - interval '1 minute'"
        )
    with contextlib.suppress(AlreadyEnqueued):  # the killed worker's periodic job may wait
        retry_stalled_jobs.defer(timestamp=0)
    with worker_process():
        wait_for(lambda: imported() and run.status == ImportStatus.DONE)
    assert (run.rows_read, run.rows_added, run.rows_known, run.bad_rows) == (rows, rows, 0, 0)
    assert Transfer.objects.count() == rows
