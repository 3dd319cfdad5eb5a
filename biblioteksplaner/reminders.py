"""The reminders the daily job sends (tasks.py), each once per recipient, each logged (here, for
the once, and in the core's mail log)."""

import datetime
from typing import NamedTuple

from django.db import IntegrityError, transaction

from biblioteksportal import mail
from biblioteksportal.choices import Role
from biblioteksportal.models import Municipality, Profile, Region

from .choices import EDITABLE_BY_REPORTER, PlanStatus, ReminderKind
from .models import LibraryPlan, ReminderLog, Report
from .status import plan_status

WEEK = datetime.timedelta(days=7)


def recipients(municipality_ids, roles):
    """{municipality id: [e-mail]} of active users of the roles."""
    found = {}
    profiles = Profile.objects.filter(
        municipality__in=municipality_ids, role__in=roles, user__is_active=True
    ).exclude(user__email="")
    for municipality_id, email in profiles.values_list("municipality", "user__email"):
        found.setdefault(municipality_id, []).append(email)
    return found


class Reminder(NamedTuple):
    kind: str
    key: str  # what it is about, for sending it once per recipient
    municipality: Municipality
    region: Region
    roles: tuple
    template: str
    context: dict
    about: object


def due(today):
    """Every reminder due today."""
    reports = Report.objects.filter(
        state__in=EDITABLE_BY_REPORTER,
        round__deadline__gte=today,
        round__deadline__lte=today + WEEK,
    ).select_related("round__region", "municipality")
    for report in reports:
        kind = ReminderKind.DEADLINE if report.round.deadline == today else ReminderKind.WEEK_BEFORE
        yield Reminder(
            kind,
            f"report:{report.pk}:{kind}",
            report.municipality,
            report.round.region,
            (Role.REPORTER,),
            "biblioteksplaner/email/report_reminder",
            {"report": report, "round": report.round},
            report,
        )
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
        )


def send_reminders(today):
    """Send what is due and not sent before (each mail through the core's `mail`, after its
    log row is committed); return the log rows written."""
    reminders = list(due(today))
    sent_keys = set(
        ReminderLog.objects.filter(key__in=[r.key for r in reminders]).values_list(
            "key", "recipient"
        )
    )
    people = {
        roles: recipients([r.municipality.pk for r in reminders], roles)
        for roles in {r.roles for r in reminders}
    }
    logged = []
    for reminder in reminders:
        for email in people[reminder.roles].get(reminder.municipality.pk, []):
            if (reminder.key, email) in sent_keys:
                continue
            try:
                with transaction.atomic():
                    sent = mail.send(
                        f"biblioteksplaner.{reminder.kind}",
                        to=email,
                        template=reminder.template,
                        context=reminder.context,
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
