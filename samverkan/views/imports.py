from pathlib import PurePosixPath

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biblioteksportal import documents
from biblioteksportal.access import staff_only

from .. import services
from ..models import TransferImport


def _import(request, pk):
    return get_object_or_404(
        TransferImport.objects.for_user(request.user).select_related("region"), pk=pk
    )


@staff_only
def import_file(request, pk):
    run = _import(request, pk)
    return documents.serve(run.file, PurePosixPath(run.file_name).stem)


@staff_only
def import_detail(request, pk):
    run = _import(request, pk)
    return render(request, "samverkan/import.html", {"run": run})


@staff_only
@require_POST
def import_restart(request, pk):
    run = _import(request, pk)
    if services.restart_import(run):
        messages.success(request, _("Importen startades igen."))
    else:
        messages.error(request, _("Importen går inte att starta igen: den pågår eller är klar."))
    return redirect("samverkan:import", pk=run.pk)


@staff_only
def import_status(request, pk):
    run = _import(request, pk)
    return JsonResponse(
        {
            "status": run.status,
            "status_label": run.get_status_display(),
            "percent": run.percent,
            "rows_read": run.rows_read,
            "rows_added": run.rows_added,
            "bad_rows": run.bad_rows,
            "finished": run.finished is not None,
        }
    )
