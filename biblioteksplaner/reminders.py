"""The reminders and notices to many people: those the daily job sends (tasks.py) and those
regional staff send from the admin (after confirming), each once per recipient, each logged
(here, for the once, and in the core's mail log)."""

import datetime
from typing import NamedTuple

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from biblioteksportal import mail
from biblioteksportal.choices import Role
from biblioteksportal.mail import mailed
from biblioteksportal.models import Municipality, Region

from .choices import EDITABLE_BY_REPORTER, PlanStatus, ReminderKind
from .models import LibraryPlan, ReminderLog, Report
from .status import plan_status

WEEK = datetime.timedelta(days=7)


def recipients(municipality_ids, roles):
    """{municipality id: [e-mail]} of active users of the roles."""
    found = {}
    profiles = mailed(roles).filter(municipality__in=municipality_ids)
    for municipality_id, email in profiles.values_list("municipality", "user__email"):
        found.setdefault(municipality_id, []).append(email)
    return found


def reviewers(region_id):
    """The e-mail addresses of the region's reviewers: its regional staff (access.REVIEW).
    Superusers without a profile of the region are left out: they see every region."""
    return list(
        mailed([Role.REGIONAL_STAFF]).filter(region=region_id).values_list("user__email", flat=True)
    )


def without_reporter(municipalities):
    """The municipalities no reminder reaches: no active reporter with an e-mail address."""
    return municipalities.exclude(pk__in=mailed([Role.REPORTER]).values("municipality"))


class Reminder(NamedTuple):
    kind: str
    key: str  # what it is about, for sending it once per recipient
    municipality: Municipality
    region: Region
    roles: tuple
    template: str
    context: dict
    about: object
    path: str  # the page the mail links to


def report_reminder(report, kind, key, template="biblioteksplaner/email/report_reminder"):
    """A mail to the report's reporters, linking to its form."""
    return Reminder(
        kind,
        key,
        report.municipality,
        report.round.region,
        (Role.REPORTER,),
        template,
        {"report": report, "round": report.round},
        report,
        reverse("biblioteksplaner:report", args=[report.pk]),
    )


def due(today):
    """Every reminder due today."""
    reports = Report.objects.filter(
        state__in=EDITABLE_BY_REPORTER,
        round__deadline__gte=today,
        round__deadline__lte=today + WEEK,
    ).select_related("round__region", "municipality")
    for report in reports:
        kind = ReminderKind.DEADLINE if report.round.deadline == today else ReminderKind.WEEK_BEFORE
        yield report_reminder(report, kind, f"report:{report.pk}:{kind}")
    plans = LibraryPlan.objects.filter(
        municipality__isnull=False, start__lte=today, end__gte=today
    ).select_related("municipality", "region")
    for plan in plans:
        if plan_status([plan], today).code != PlanStatus.EXPIRING:
            continue
        yield Reminder(
            ReminderKind.PLAN_EXPIRING,
            f"plan:{plan.pk}:{plan.end.isoformat()}",
            plan.municipality,
            plan.region,
            (Role.REPORTER, Role.LIBRARY_HEAD),
            "biblioteksplaner/email/plan_expiring",
            {"plan": plan},
            plan,
            reverse("biblioteksplaner:register-owner", args=[plan.municipality.code]),
        )


def _unanswered(rounds):
    return Report.objects.filter(round__in=rounds, state__in=EDITABLE_BY_REPORTER).select_related(
        "round__region", "municipality"
    )


def round_opened(rounds):
    """The notice that the rounds are open, to the reporters of every municipality that has
    not answered yet; once per report and recipient."""
    return [
        report_reminder(
            report,
            ReminderKind.ROUND_OPENED,
            f"report:{report.pk}:opened",
            "biblioteksplaner/email/round_opened",
        )
        for report in _unanswered(rounds)
    ]


def reminded_now(rounds, today):
    """A reminder from regional staff to the reporters of every municipality that has not
    answered the rounds yet; once a day per report and recipient."""
    return [
        report_reminder(report, ReminderKind.BY_STAFF, f"report:{report.pk}:staff:{today}")
        for report in _unanswered(rounds)
    ]


def pending(reminders):
    """[(reminder, e-mail)]: the mails of the reminders not sent before, in a fixed number of
    queries."""
    sent = set(
        ReminderLog.objects.filter(key__in=[r.key for r in reminders]).values_list(
            "key", "recipient"
        )
    )
    people = {
        roles: recipients([r.municipality.pk for r in reminders], roles)
        for roles in {r.roles for r in reminders}
    }
    return [
        (reminder, email)
        for reminder in reminders
        for email in people[reminder.roles].get(reminder.municipality.pk, [])
        if (reminder.key, email) not in sent
    ]


def send(reminders, base_url):
    """Send the reminders' mails not sent before (each through the core's `mail`, after its
    log row is committed), in the portal's language, linking to the pages under `base_url`;
    return the log rows written."""
    logged = []
    for reminder, email in pending(reminders):
        link = base_url.rstrip("/") + reminder.path
        try:
            with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
                sent = mail.send(
                    f"biblioteksplaner.{reminder.kind}",
                    to=email,
                    template=reminder.template,
                    context={**reminder.context, "link": link},
                    region=reminder.region,
                    obj=reminder.about,
                )
                log = ReminderLog.objects.create(
                    kind=reminder.kind,
                    key=reminder.key,
                    region=reminder.region,
                    municipality=reminder.municipality,
                    recipient=email,
                    subject=sent.subject,
                )
        except IntegrityError:
            continue  # another run sent it a moment ago
        logged.append(log)
    return logged


def send_reminders(today, base_url):
    """Send the reminders due `today` that were not sent before."""
    return send(list(due(today)), base_url)
