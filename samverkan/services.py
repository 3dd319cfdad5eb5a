"""The app's writes: the agreement's parties, the Koha import's job and the transfers'
summaries."""

import contextlib

from django.db import connection, transaction
from django.utils import timezone
from procrastinate.exceptions import AlreadyEnqueued

from biblioteksportal.models import Municipality

from .choices import ImportStatus
from .models import AgreementParty, TransferImport
from .queries import counts_sql, trips_sql
from .tasks import import_transfers, refresh_summaries


def add_parties(agreement):
    """Every municipality of the region and the region itself become parties (idempotent)."""
    municipalities = Municipality.objects.filter(region=agreement.region_id)
    AgreementParty.objects.bulk_create(
        [AgreementParty(agreement=agreement, municipality=m) for m in [None, *municipalities]],
        ignore_conflicts=True,
    )


def schedule_import(run):
    """Queue the import of a stored upload: the job is deferred in the upload's transaction, so
    a worker sees it once the upload is committed, and never without it."""
    import_transfers.defer(run_id=run.pk)


def restart_import(run):
    """Queue a failed upload's import again (rows already there are not added twice); False if
    it has not failed, or another request restarted it."""
    restarted = (
        TransferImport.objects.filter(pk=run.pk, status=ImportStatus.FAILED)
        .exclude(file="")
        .update(status=ImportStatus.PENDING, finished=None, message="", modified=timezone.now())
    )
    if restarted:
        schedule_import(run)
    return bool(restarted)


def schedule_summaries(region_id):
    """Queue the refresh of the region's summaries (once: a refresh not yet started will
    read the newest transfers)."""
    with contextlib.suppress(AlreadyEnqueued), transaction.atomic():  # the refusal: its own
        refresh_summaries.configure(queueing_lock=f"summaries-{region_id}").defer(
            region_id=region_id
        )


def make_summaries(region_id):
    """Make the region's summaries again from its transfers, in one transaction. The
    region's TransferVersion row stays locked meanwhile, so no change of its transfers
    commits (the trigger that records it waits) and no other refresh runs: the summaries
    are those of the version recorded with them."""
    where = "region_id = %(region)s"
    params = {"region": region_id, "days": 365}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT number FROM samverkan_transferversion WHERE region_id = %(region)s FOR UPDATE",
            params,
        )
        version = cursor.fetchone()
        cursor.execute("SET LOCAL work_mem = '64MB'")  # the sorts of a million transfers
        for table in ("samverkan_transfercount", "samverkan_trip", "samverkan_transfersummary"):
            cursor.execute(f"DELETE FROM {table} WHERE region_id = %(region)s", params)
        if version is None:  # no transfers ever
            return
        columns = "region_id, month, date, reason, from_branch, to_branch, cancellation_reason"
        cursor.execute(
            f"""INSERT INTO samverkan_transfercount
            ({columns}, transfers, cancelled, unfinished) {counts_sql(where, months=True)}""",
            params,
        )
        columns = "region_id, reason, days, date, previous, itemnumber, biblionumber, title"
        for by_reason, only in ((False, ""), (True, " AND reason <> ''")):
            cursor.execute(
                f"""INSERT INTO samverkan_trip ({columns}, work, rank, a, b)
                {trips_sql(where + only, by_reason)} ORDER BY reason, days""",
                params,
            )
        cursor.execute(
            "INSERT INTO samverkan_transfersummary (region_id, version) VALUES (%s, %s)",
            [region_id, version[0]],
        )
        cursor.execute("ANALYZE samverkan_transfercount, samverkan_trip")
