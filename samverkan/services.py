"""The app's writes: the agreement's parties and the Koha import in the background."""

import threading

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from biblioteksportal.models import Municipality

from .choices import ImportStatus
from .models import STALLED_AFTER, AgreementParty, TransferImport


def add_parties(agreement):
    """Every municipality of the region and the region itself become parties (idempotent)."""
    municipalities = Municipality.objects.filter(region=agreement.region_id)
    AgreementParty.objects.bulk_create(
        [AgreementParty(agreement=agreement, municipality=m) for m in [None, *municipalities]],
        ignore_conflicts=True,
    )


def schedule_import(run):
    """Import a stored upload in a background thread once it is committed."""
    transaction.on_commit(lambda: start_in_background(run.pk))


def restart_import(run):
    """Import a stalled or failed upload again in the background (rows already there are not
    added twice); False if it is not stalled or failed, or another request restarted it."""
    cutoff = timezone.now() - STALLED_AFTER
    restartable = Q(status=ImportStatus.FAILED) | Q(
        status__in=[ImportStatus.PENDING, ImportStatus.RUNNING], modified__lt=cutoff
    )
    restarted = (
        TransferImport.objects.filter(restartable, pk=run.pk)
        .exclude(file="")
        .update(status=ImportStatus.PENDING, finished=None, message="", modified=timezone.now())
    )
    if restarted:
        schedule_import(run)
    return bool(restarted)


def start_in_background(pk):
    thread = threading.Thread(target=_import_in_thread, args=(pk,), daemon=True)
    thread.start()
    return thread


def _import_in_thread(pk):
    from . import koha  # Arrow loads only in a process that imports (about 40 MB)

    try:
        koha.run_import(TransferImport.objects.get(pk=pk))
    finally:
        connection.close()
