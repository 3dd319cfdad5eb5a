"""What a follow-up round's pages read: its indicators and activities, who has reported
(each activity has or lacks an ActivityReport for the round; each municipality has or lacks
values for the entered per-municipality indicators) and, beside each input, the values of
the last period and of the same period last year. A fixed number of queries."""

from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404

from biblioteksportal.models import Activity, Municipality

from .choices import RoundState
from .models import ActivityReport, Round, Value
from .outcomes import previous, region_indicators


def round_of(region, pk):
    """The region's round, with its year."""
    return get_object_or_404(
        Round.objects.select_related("year__region"), pk=pk, year__region=region
    )


def indicators(round_):
    return region_indicators(round_.year.region_id)


def entered(round_):
    """The indicators each municipality enters: entered and rolled up from municipalities."""
    return [i for i in indicators(round_) if i.entered_by_municipalities]


def activities(round_):
    return list(
        Activity.objects.filter(area_year__year=round_.year_id)
        .select_related("area_year__area")
        .order_by("area_year__area__position", "parent_id", "position", "pk")
    )


@dataclass
class Reported:
    """Who has reported in a round: [(activity, its report or None)], [(municipality, True
    when it has a value of every entered indicator)], and whether the round is late."""

    activities: list = field(default_factory=list)
    municipalities: list = field(default_factory=list)
    late: bool = False

    @property
    def missing_activities(self):
        return [a for a, report in self.activities if report is None]

    @property
    def missing_municipalities(self):
        return [m for m, done in self.municipalities if not done]


def reported(round_, today=None):
    reports = {r.activity_id: r for r in ActivityReport.objects.filter(round=round_)}
    wanted = entered(round_)
    municipalities = list(Municipality.objects.filter(region=round_.year.region_id))
    have = {}
    for municipality_id, indicator_id in Value.objects.filter(
        round=round_, indicator__in=wanted, municipality__isnull=False, value__isnull=False
    ).values_list("municipality_id", "indicator_id"):
        have.setdefault(municipality_id, set()).add(indicator_id)
    ids = {i.pk for i in wanted}
    return Reported(
        activities=[(a, reports.get(a.pk)) for a in activities(round_)],
        municipalities=[(m, bool(ids) and ids <= have.get(m.pk, set())) for m in municipalities],
        late=round_.state(today) == RoundState.LATE,
    )


def earlier_rounds(round_):
    """The round before in the same year, and the same period last year (either None)."""
    rounds = Round.objects.filter(
        year__region=round_.year.region_id,
        year__year__in=[round_.year.year, round_.year.year - 1],
        kind=round_.kind,
    ).select_related("year")
    return previous(round_, list(rounds))


@dataclass
class Row:
    """One input of a form: the indicator, its current value, and the values beside it."""

    indicator: object
    value: object = None
    comment: str = ""
    last_period: object = None
    last_year: object = None


def rows(round_, indicator_list, municipality=None):
    """[Row] of `indicator_list` for the municipality (None: the region's own values)."""
    last_period, last_year = earlier_rounds(round_)
    rounds = [r for r in (round_, last_period, last_year) if r]
    found = {
        (v.indicator_id, v.round_id): v
        for v in Value.objects.filter(
            round__in=rounds, indicator__in=indicator_list, municipality=municipality
        )
    }

    def value_of(indicator, r):
        v = found.get((indicator.pk, r.pk)) if r else None
        return v.value if v else None

    result = []
    for indicator in indicator_list:
        current = found.get((indicator.pk, round_.pk))
        result.append(
            Row(
                indicator,
                current.value if current else None,
                current.comment if current else "",
                value_of(indicator, last_period),
                value_of(indicator, last_year),
            )
        )
    return result, last_period, last_year


def reports(round_):
    """{activity id: ActivityReport} of the round."""
    return {r.activity_id: r for r in ActivityReport.objects.filter(round=round_)}
