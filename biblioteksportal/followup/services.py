"""What a follow-up round's pages write, one transaction each."""

from django.db import transaction
from django.utils import timezone

from .models import ActivityReport, Value


class RoundComplete(Exception):
    """The round is complete: it takes no edits until reopened."""


def _open(round_):
    if round_.completed:
        raise RoundComplete


@transaction.atomic
def save_municipality_values(round_, municipality, values, user):
    """`values` {indicator: Decimal or None}: the municipality's values for the round."""
    _open(round_)
    for indicator, value in values.items():
        Value.objects.update_or_create(
            indicator=indicator,
            round=round_,
            municipality=municipality,
            defaults={"value": value, "reported_by": user},
        )


@transaction.atomic
def save_region_values(round_, values, user):
    """`values` {indicator: (Decimal or None, comment)}: the region's own values."""
    _open(round_)
    for indicator, (value, comment) in values.items():
        Value.objects.update_or_create(
            indicator=indicator,
            round=round_,
            municipality=None,
            defaults={"value": value, "comment": comment, "reported_by": user},
        )


@transaction.atomic
def save_activity_reports(round_, reports):
    """`reports` {activity: (status, comment)}; an empty status removes nothing and adds
    nothing."""
    _open(round_)
    for activity, (status, comment) in reports.items():
        if not status:
            continue
        ActivityReport.objects.update_or_create(
            activity=activity, round=round_, defaults={"status": status, "comment": comment}
        )


@transaction.atomic
def complete(round_):
    round_.completed = timezone.now()
    round_.save(update_fields=["completed", "modified"])


@transaction.atomic
def reopen(round_):
    round_.completed = None
    round_.save(update_fields=["completed", "modified"])


@transaction.atomic
def save_activities_and_region_values(round_, reports, values, user):
    """The staff form's two parts in one transaction: both or neither."""
    save_activity_reports(round_, reports)
    save_region_values(round_, values, user)
