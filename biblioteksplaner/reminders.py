"""The reminders the daily command sends, each once per recipient, each logged."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from biblioteksportal.choices import Role
from biblioteksportal.models import Profile

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


def due(today):
    """(kind, key, municipality, region id, subject, body) of every reminder due today."""
    reports = Report.objects.filter(
        state__in=EDITABLE_BY_REPORTER,
        round__deadline__gte=today,
        round__deadline__lte=today + WEEK,
    ).select_related("round", "municipality")
    for report in reports:
        kind = ReminderKind.DEADLINE if report.round.deadline == today else ReminderKind.WEEK_BEFORE
        subject = _("Påminnelse: %(round)s, sista svarsdag %(deadline)s") % {
            "round": report.round,
            "deadline": report.round.deadline.isoformat(),
        }
        body = _(
            "%(municipality)s har ännu inte skickat in sitt svar i %(round)s. "
            "Sista svarsdag är %(deadline)s."
        ) % {
            "municipality": report.municipality,
            "round": report.round,
            "deadline": report.round.deadline.isoformat(),
        }
        yield (
            kind,
            f"report:{report.pk}:{kind}",
            report.municipality,
            report.round.region_id,
            (
                [Role.REPORTER],
                subject,
                body,
            ),
        )
    plans = LibraryPlan.objects.filter(
        municipality__isnull=False, start__lte=today, end__gte=today
    ).select_related("municipality")
    for plan in plans:
        if plan_status([plan], today).code != PlanStatus.EXPIRING:
            continue
        subject = _("Biblioteksplanen för %(municipality)s går ut %(end)s") % {
            "municipality": plan.municipality,
            "end": plan.end.isoformat(),
        }
        body = _(
            "%(title)s gäller till och med %(end)s. Enligt bibliotekslagen ska kommunen ha "
            "en antagen biblioteksplan; planera arbetet med nästa plan i god tid."
        ) % {"title": plan.title, "end": plan.end.isoformat()}
        yield (
            ReminderKind.PLAN_EXPIRING,
            f"plan:{plan.pk}:{plan.end.isoformat()}",
            plan.municipality,
            plan.region_id,
            ([Role.REPORTER, Role.LIBRARY_HEAD], subject, body),
        )


def send_reminders(today):
    """Send what is due and not sent before; return the log rows written."""
    reminders = list(due(today))
    sent_keys = set(
        ReminderLog.objects.filter(key__in=[r[1] for r in reminders]).values_list(
            "key", "recipient"
        )
    )
    people = {
        roles: recipients([r[2].pk for r in reminders], roles)
        for roles in {tuple(r[4][0]) for r in reminders}
    }
    logged = []
    for kind, key, municipality, region_id, (roles, subject, body) in reminders:
        for email in people[tuple(roles)].get(municipality.pk, []):
            if (key, email) in sent_keys:
                continue
            try:
                with transaction.atomic():
                    log = ReminderLog.objects.create(
                        kind=kind,
                        key=key,
                        region_id=region_id,
                        municipality=municipality,
                        recipient=email,
                        subject=subject,
                    )
                    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
            except IntegrityError:
                continue  # another run sent it a moment ago
            logged.append(log)
    return logged
