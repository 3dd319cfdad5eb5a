"""The follow-up rounds' reminders, sent by the daily job (tasks.py): from `reminder_days`
before the deadline to the deadline, a reminder; after it, while the round is not complete,
a notice that it is late. Each goes once per round and recipient (the mail log says what was
sent): to the responsible people of the activities not reported, listing them, and to the
reporters and library heads of the municipalities whose values are missing."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.urls import reverse

from biblioteksportal import mail
from biblioteksportal.choices import Role
from biblioteksportal.models import MailLog

from .models import Round
from .rounds import reported

REMINDER, LATE = "followup.reminder", "followup.late"


def _kind(round_, today):
    if today > round_.deadline:
        return LATE
    if today >= round_.deadline - datetime.timedelta(days=round_.reminder_days):
        return REMINDER
    return None


def due(today):
    """[(kind, round, e-mail, context)] of the mails due today and not sent before."""
    rounds = [
        (kind, r)
        for r in Round.objects.filter(completed__isnull=True, year__year__lte=today.year)
        .select_related("year__region")
        .order_by("deadline", "pk")
        if (kind := _kind(r, today))
    ]
    if not rounds:
        return []
    sent = set(
        MailLog.objects.filter(
            kind__in=[REMINDER, LATE],
            content_type=ContentType.objects.get_for_model(Round),
            object_id__in=[r.pk for _kind, r in rounds],
        ).values_list("kind", "object_id", "recipient")
    )
    mails = []
    for kind, round_ in rounds:
        state = reported(round_, today)
        people = {}
        prefetch_related_objects(state.missing_activities, "responsible")
        for activity in state.missing_activities:
            for person in activity.responsible.all():
                if person.email:
                    people.setdefault(person.email, []).append(activity)
        for email, activities in people.items():
            mails.append((kind, round_, email, {"activities": activities}))
        missing = {m.pk: m for m in state.missing_municipalities}
        profiles = mail.mailed([Role.REPORTER, Role.LIBRARY_HEAD]).filter(municipality__in=missing)
        for municipality_id, email in profiles.values_list("municipality", "user__email"):
            municipality = missing[municipality_id]
            path = reverse("followup:round_entry", args=[round_.pk, municipality.code])
            mails.append((kind, round_, email, {"municipality": municipality, "path": path}))
    return [m for m in mails if (m[0], m[1].pk, m[2]) not in sent]


def send_reminders(today, base_url):
    """Queue today's reminders; returns how many."""
    mails = due(today)
    with transaction.atomic():
        for kind, round_, email, context in mails:
            path = context.pop("path", reverse("followup:round", args=[round_.pk]))
            mail.send(
                kind,
                to=email,
                template="followup/email/reminder",
                context={**context, "round": round_, "late": kind == LATE, "link": base_url + path},
                region=round_.year.region,
                obj=round_,
            )
    return len(mails)
