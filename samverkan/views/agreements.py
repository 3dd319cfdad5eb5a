from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from biblioteksportal import documents
from biblioteksportal.access import readers
from biblioteksportal.tables import Column, Table, respond

from .. import queries
from ..area import PAGES
from ..models import AgreementVersion


@readers
def index(request):
    agreement = queries.current_agreement(list(queries.agreements(request.user)))
    summary = queries.signature_summary(list(agreement.parties.all())) if agreement else None
    context = {"agreement": agreement, "summary": summary, "links": PAGES}
    return render(request, "samverkan/index.html", context)


@readers
def agreement(request):
    versions = list(queries.agreements(request.user))
    current = queries.current_agreement(versions)
    parties = Table(
        [
            Column(_("Part"), "party_name"),
            Column(_("Status"), lambda party: party.get_status_display()),
            Column(_("Datum"), "date"),
            Column(_("Undertecknare"), lambda party: party.signatory or None),
        ],
        current.parties.all() if current else [],
    )
    context = {
        "versions": versions,
        "agreement": current,
        "summary": queries.signature_summary(parties.objects) if current else None,
        "renewal_due": current.renewal_due() if current else False,
        "renewal_overdue": current.renewal_overdue() if current else False,
        "parties": parties,
    }
    return respond(request, "samverkan/agreement.html", context, "samverkansavtal", parties)


@readers
def agreement_document(request, pk):
    agreement = get_object_or_404(AgreementVersion.objects.for_user(request.user), pk=pk)
    return documents.serve(agreement.document, str(agreement))
