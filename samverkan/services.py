"""The app's writes: the agreement's parties and the Koha import's job."""

from django.utils import timezone

from biblioteksportal.models import Municipality

from .choices import ImportStatus
from .models import AgreementParty, TransferImport
from .tasks import import_transfers


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
