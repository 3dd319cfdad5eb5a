"""The app's multi-step writes, each in one transaction."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from biblioteksportal import mail
from biblioteksportal.choices import Role

from .choices import ReportState
from .models import LibraryPlan, PlanExtension, Report
from .reminders import recipients, reviewers

STALE = _lazy(
    "Svaret har ändrats av någon annan eller har redan skickats in sedan du öppnade sidan. "
    "Inget har sparats från dig; ladda om sidan och jämför."
)


def _notify(report, event, base_url, comment=""):
    """The mail of `event` about the report, in the caller's transaction, so once per change
    of state: "submitted" to the region's reviewers, "returned" and "approved" to the
    municipality's reporters with the reviewer's comment; each links to the report, in the
    portal's language (the recipient's is not known)."""
    region = report.round.region
    if event == "submitted":
        people = reviewers(region.pk)
    else:
        people = recipients([report.municipality_id], [Role.REPORTER]).get(
            report.municipality_id, []
        )
    link = base_url.rstrip("/") + reverse("biblioteksplaner:report", args=[report.pk])
    with translation.override(settings.LANGUAGE_CODE):  # the recipients', not the sender's
        for email in people:
            mail.send(
                f"biblioteksplaner.{event}",
                to=email,
                template=f"biblioteksplaner/email/{event}",
                context={"report": report, "comment": comment, "link": link},
                region=region,
                obj=report,
            )


@transaction.atomic
def save_report(form, submit=False, *, base_url=""):
    """Save the reporter's form and maybe submit it (mailing the reviewers, with links under
    `base_url`). The form compared versions when it was cleaned; the row lock makes sure no
    save slipped in since."""
    stored = Report.objects.select_for_update().only("version", "state").get(pk=form.instance.pk)
    if stored.version != form.instance.version or stored.state != form.instance.state:
        raise ValidationError(STALE)
    report = form.save()
    if submit:
        _move(
            report,
            [ReportState.NOT_STARTED, ReportState.DRAFT, ReportState.RETURNED],
            ReportState.SUBMITTED,
            submitted=timezone.localdate(),
        )
        _notify(report, "submitted", base_url)
    elif report.state == ReportState.NOT_STARTED:
        _move(report, [ReportState.NOT_STARTED], ReportState.DRAFT)
    return report


@transaction.atomic
def open_round(survey_round):
    """Save a new round and give every municipality of its region a not-started report."""
    survey_round.save()
    municipalities = survey_round.region.municipalities.all()
    Report.objects.bulk_create(
        [Report(round=survey_round, municipality=m) for m in municipalities],
        ignore_conflicts=True,
    )
    return survey_round


def _move(report, from_states, to_state, **fields):
    """Change the report's state if it is still in one of `from_states` at `report.version`."""
    updated = Report.objects.filter(
        pk=report.pk, state__in=from_states, version=report.version
    ).update(state=to_state, version=F("version") + 1, **fields)
    if not updated:
        raise ValidationError(STALE)


@transaction.atomic
def return_report(report, comment, *, base_url):
    """Return a submitted report with the reviewer's `comment`, mailed to the reporters."""
    if not comment.strip():
        raise ValidationError(_("Skriv en kommentar om vad som behöver kompletteras."))
    _move(report, [ReportState.SUBMITTED], ReportState.RETURNED, reviewer_comment=comment)
    _notify(report, "returned", base_url, comment)


@transaction.atomic
def approve(report, comment="", *, base_url):
    """Approve a submitted report with the reviewer's `comment`, mailed to the reporters; if
    it names a plan, create or update the register's entry (same owner and start date) in
    the same transaction."""
    report = Report.objects.select_for_update().select_related("round").get(pk=report.pk)
    plan = None
    if report.has_plan:
        report.full_clean()
        plan = report.matching_plan() or LibraryPlan(
            region_id=report.round.region_id, municipality_id=report.municipality_id
        )
        plan.title = report.plan_title
        plan.adopted_by = report.adopted_by
        plan.decision_date = report.decision_date
        plan.start = report.start
        plan.end = report.end
        if report.document:
            plan.document = report.document.name
        if report.document_url:
            plan.document_url = report.document_url
        plan.full_clean()
        plan.version += 1
        try:
            with transaction.atomic():
                plan.save()
        except IntegrityError as error:
            raise ValidationError(_("Planen krockar med registret: %s") % error) from error
    _move(
        report, [ReportState.SUBMITTED], ReportState.APPROVED, plan=plan, reviewer_comment=comment
    )
    _notify(report, "approved", base_url, comment)
    return plan


@transaction.atomic
def extend_plan(plan, adopted_by, decision_date, new_end):
    """Record a decision that moves the plan's end date, and move it."""
    plan = LibraryPlan.objects.select_for_update().get(pk=plan.pk)
    extension = PlanExtension(
        plan=plan,
        adopted_by=adopted_by,
        decision_date=decision_date,
        previous_end=plan.end,
        new_end=new_end,
    )
    extension.full_clean()
    plan.end = new_end
    plan.full_clean()
    plan.version += 1
    plan.save()
    extension.save()
    return extension


def review(report, action, comment, *, base_url):
    """The reviewer's decision on a submitted report: "return" it or "approve" it."""
    if action == "return":
        return return_report(report, comment, base_url=base_url)
    return approve(report, comment, base_url=base_url)
