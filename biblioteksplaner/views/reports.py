"""A municipality's report: the reporter's form, the reviewer's decision, its document."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from biblioteksportal import documents
from biblioteksportal.access import REPORT, REVIEW, VIEW, any_role, can

from .. import queries, services
from ..choices import EDITABLE_BY_REPORTER, ReportState
from ..forms import ReportForm, ReviewForm

NOTICES = {
    "sparat": _lazy("Utkastet är sparat."),
    "inskickat": _lazy("Svaret är inskickat."),
    "last": _lazy(
        "Svaret är redan inskickat och är låst tills granskaren skickar tillbaka det. "
        "Inget har ändrats."
    ),
    "tillbaka": _lazy("Svaret är skickat tillbaka till kommunen."),
    "godkant": _lazy("Svaret är godkänt och registret uppdaterat."),
}


@any_role
def my_report(request):
    """The reporter's form in the latest round of their municipality."""
    profile = getattr(request.user, "profile", None)
    if profile is None or profile.municipality_id is None:
        return render(
            request,
            "biblioteksplaner/no_report.html",
            {
                "message": _(
                    "Ditt konto är inte kopplat till någon kommun. Kontakta den regionala "
                    "biblioteksverksamheten så kopplar de kontot till rätt kommun."
                )
            },
            status=403,
        )
    report = queries.latest_report(request.user, profile.municipality_id)
    if report is None:
        message = _("Det finns ingen uppföljning av biblioteksplaner att svara på just nu.")
        return render(request, "biblioteksplaner/no_report.html", {"message": message})
    return redirect("biblioteksplaner:report", pk=report.pk)


def after_post(request, notice):
    """Back to the page with a notice. (The core's message list is announced with role
    status, which strips its list semantics, so the app shows its own notice.)"""
    return redirect(f"{request.path}?meddelande={notice}")


@any_role
def report_detail(request, pk):
    report = get_object_or_404(queries.reports(request.user), pk=pk)
    may_report = can(request.user, REPORT, report.municipality)
    may_review = can(request.user, REVIEW, report.municipality)
    can_edit = may_report and report.state in EDITABLE_BY_REPORTER
    form = ReportForm(instance=report) if can_edit else None
    review = ReviewForm(initial={"reviewer_comment": report.reviewer_comment})
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("save", "submit") and may_report:
            if not can_edit:
                return after_post(request, "last")
            form = ReportForm(request.POST, request.FILES, instance=report)
            if form.is_valid():
                try:
                    services.save_report(
                        form, submit=action == "submit", base_url=request.build_absolute_uri("/")
                    )
                    return after_post(request, "inskickat" if action == "submit" else "sparat")
                except ValidationError as error:
                    form.add_error(None, error.messages)  # the input stays in the form
            status = 400
        elif action in ("return", "approve") and may_review:
            review = ReviewForm(request.POST)
            if review.is_valid():
                try:
                    services.review(
                        report,
                        action,
                        review.cleaned_data["reviewer_comment"],
                        base_url=request.build_absolute_uri("/"),
                    )
                    return after_post(request, "tillbaka" if action == "return" else "godkant")
                except ValidationError as error:
                    review.add_error(None, error.messages)
            status = 400
        else:
            raise PermissionDenied
    context = {
        "report": report,
        "form": form,
        "review": review if may_review and report.state == ReportState.SUBMITTED else None,
        "notice": NOTICES.get(request.GET.get("meddelande")),
        # the reviewer writes to the municipality's reporters
        "show_reviewer_comment": report.reviewer_comment and may_report,
        "locked": report.state == ReportState.SUBMITTED and may_report and not may_review,
        "can_see_round": can(request.user, VIEW),
    }
    return render(request, "biblioteksplaner/report.html", context, status=status)


@any_role
def report_document(request, pk):
    report = get_object_or_404(queries.reports(request.user), pk=pk)
    return documents.serve(report.document, report.plan_title or str(report.municipality))
