"""The core's multi-step writes, each in one transaction."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .choices import ActivityStatus
from .models import Activity, AreaYear, Goal, Year


def next_year_refusal(year):
    """Why the year's frame cannot be copied into the next year, or None: that year already
    has a frame."""
    following = Year.objects.filter(region=year.region_id, year=year.year + 1)
    if AreaYear.objects.filter(year__in=following).exists():
        return _("Verksamhetsåret %(year)s finns redan och har innehåll.") % {"year": year.year + 1}
    if year.year + 1 > 2100:
        return _("Ange ett år mellan 2000 och 2100.")
    return None


def _a_year_later(day):
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return date(day.year + 1, 2, 28)


def copy_frame(year):
    """Copies the year's frame into the next year as a draft plan: each area's year with its
    introduction and partners, its goals, and its activities (with their sub-activities, goals,
    responsible people, partners and municipalities) as planned, their dates a year later.
    Outcomes, statuses and their reasons are not copied. The next year is created, or taken
    where it exists without a frame; one with a frame is refused (ValidationError). Returns
    the next year."""
    with transaction.atomic():
        Year.objects.select_for_update().get(pk=year.pk)  # one copy of the year at a time
        if refusal := next_year_refusal(year):
            raise ValidationError(refusal)
        target = Year.objects.get_or_create(region_id=year.region_id, year=year.year + 1)[0]
        sources = list(year.area_years.prefetch_related("partners").order_by("pk"))
        copies = AreaYear.objects.bulk_create(
            [AreaYear(area_id=s.area_id, year=target, intro=s.intro) for s in sources]
        )
        area_year_of = {s.pk: c for s, c in zip(sources, copies, strict=True)}
        AreaYear.partners.through.objects.bulk_create(
            AreaYear.partners.through(areayear_id=area_year_of[s.pk].pk, organisation_id=p.pk)
            for s in sources
            for p in s.partners.all()
        )
        goals = list(Goal.objects.filter(area_year__year=year).order_by("pk"))
        copied = Goal.objects.bulk_create(
            Goal(
                area_year=area_year_of[g.area_year_id],
                kind=g.kind,
                text=g.text,
                position=g.position,
            )
            for g in goals
        )
        goal_of = {g.pk: c for g, c in zip(goals, copied, strict=True)}
        _copy_activities(year, area_year_of, goal_of)
    return target


def _copy_activities(year, area_year_of, goal_of):
    activities = list(
        Activity.objects.filter(area_year__year=year)
        .prefetch_related("goals", "responsible", "partners", "municipalities")
        .order_by("pk")
    )
    activity_of = {}
    while level := [
        a for a in activities if a.pk not in activity_of and a.parent_id in {None, *activity_of}
    ]:  # the main activities, then their sub-activities, and so on
        created = Activity.objects.bulk_create(
            Activity(
                area_year=area_year_of[a.area_year_id],
                parent=activity_of.get(a.parent_id),
                title=a.title,
                description=a.description,
                position=a.position,
                status=ActivityStatus.PLANNED,
                start=_a_year_later(a.start),
                end=_a_year_later(a.end),
            )
            for a in level
        )
        activity_of.update(zip([a.pk for a in level], created, strict=True))
    links = {
        "goals": ("goal", lambda goal: goal_of.get(goal.pk)),  # goals of this year only
        "responsible": ("person", lambda person: person),
        "partners": ("organisation", lambda organisation: organisation),
        "municipalities": ("municipality", lambda municipality: municipality),
    }
    for name, (related, target) in links.items():
        through = getattr(Activity, name).through
        through.objects.bulk_create(
            through(activity=activity_of[a.pk], **{related: target(o)})
            for a in activities
            for o in getattr(a, name).all()
            if target(o) is not None
        )
