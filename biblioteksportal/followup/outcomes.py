"""What an indicator's values are for a round: the municipalities' values, the county's
roll-up, the region's own value, the target and the traffic light; in a fixed number of
queries whatever the number of municipalities and values (and each computed indicator's
own: its computation's over all the rounds at once)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from biblioteksportal.areas import Computation, area_apps

from ..models import Municipality
from .choices import Direction, Gender, Light, Rollup, Source, StatisticSource
from .models import Indicator, Statistic, Target, Value

# The weights of a weighted mean: the inhabitants of each municipality (Kolada's N01951).
WEIGHT_SERIES = (StatisticSource.KOLADA, "N01951")


def computations() -> dict[str, Computation]:
    """Every area app's computed indicators by key."""
    return {c.key: c for config in area_apps() for c in config.computations()}


def rollup(rule, values, weights=None):
    """The county's value from {municipality id: value}: None without values (or without
    any weight, for a weighted mean); a weighted mean counts only municipalities with both."""
    values = {k: v for k, v in values.items() if v is not None}
    if rule == Rollup.NONE or not values:
        return None
    if rule == Rollup.SUM:
        return sum(values.values(), Decimal(0))
    if rule == Rollup.MEAN:
        return sum(values.values(), Decimal(0)) / len(values)
    pairs = [(v, weights[k]) for k, v in values.items() if weights and weights.get(k)]
    total = sum((w for _v, w in pairs), Decimal(0))
    return sum((v * w for v, w in pairs), Decimal(0)) / total if total else None


def light(direction, target, value, margin):
    """Met, near (within `margin` per cent of the target, on the wrong side), not met, or no
    value when the target or the outcome is missing."""
    if target is None or value is None:
        return Light.NO_VALUE
    slack = abs(target) * Decimal(margin) / 100
    if direction == Direction.LOWER:
        return (
            Light.MET
            if value <= target
            else Light.NEAR
            if value <= target + slack
            else Light.NOT_MET
        )
    return (
        Light.MET if value >= target else Light.NEAR if value >= target - slack else Light.NOT_MET
    )


def light_rule(indicator):
    """The traffic light's rule in words, as the dashboards show it beside the light."""
    if indicator.direction == Direction.LOWER:
        return _(
            "Uppnått när utfallet är högst målet, nära målet när det är högst %(margin)s %% "
            "över målet, annars inte uppnått."
        ) % {"margin": indicator.near_margin}
    return _(
        "Uppnått när utfallet är minst målet, nära målet när det är högst %(margin)s %% "
        "under målet, annars inte uppnått."
    ) % {"margin": indicator.near_margin}


def shown(indicator, number):
    """A value as pages and documents show it: the indicator's decimals, grouped."""
    if number is None:
        return "–"
    return number_format(number, indicator.decimals, force_grouping=True)


def exact(indicator, number):
    """A stored value (four decimals) as a download or an input holds it: the indicator's
    decimals (1234, not 1234.0000), unless that would drop digits."""
    if number is None:
        return None
    rounded = number.quantize(Decimal(10) ** -indicator.decimals)
    return rounded if rounded == number else number.normalize()


def unit_of(indicator):
    return f" ({indicator.unit})" if indicator.unit else ""


def region_indicators(region):
    """The region's indicators, with what their pages and outcomes() read, in their order."""
    return list(
        Indicator.objects.filter(region=region)
        .select_related("region", "area", "statistic")
        .order_by("area__position", "area__pk", "position", "pk")
    )


def with_municipalities(indicators, rounds, region):
    """(the region's municipalities, or none when no indicator has their values; outcomes())."""
    municipalities = []
    if any(i.per_municipality for i in indicators):
        municipalities = list(Municipality.objects.filter(region=region).order_by("name"))
    return municipalities, outcomes(indicators, rounds, municipalities)


@dataclass
class Outcome:
    indicator: Any
    round: Any
    target: Decimal | None = None
    municipalities: dict = field(default_factory=dict)  # {municipality id: value}
    county: Decimal | None = None  # the roll-up (or the computation's county value)
    own: Decimal | None = None  # the region's own value, entered
    comment: str = ""  # the analysis of the region's own value

    @property
    def value(self):
        """The value compared with the target: the county's, else the region's own."""
        return self.county if self.county is not None else self.own

    @property
    def light(self):
        i = self.indicator
        return light(i.direction, self.target, self.value, i.near_margin)

    def shown(self, number):
        return shown(self.indicator, number)

    @property
    def target_text(self):
        return self.shown(self.target)

    @property
    def value_text(self):
        return self.shown(self.value)

    @property
    def light_text(self):
        return Light(self.light).label


def outcomes(indicators, rounds, municipalities):
    """{(indicator id, round id): Outcome} for every pair; `municipalities` the region's,
    `indicators` with their region loaded, `rounds` with their year."""
    indicators, rounds = list(indicators), list(rounds)
    result = {(i.pk, r.pk): Outcome(i, r) for i in indicators for r in rounds}
    if not result:
        return result
    ids = [m.pk for m in municipalities]
    for target in Target.objects.filter(indicator__in=indicators, round__in=rounds):
        result[target.indicator_id, target.round_id].target = target.value
    entered = {i.pk for i in indicators if i.source == Source.ENTERED}
    for value in Value.objects.filter(indicator__in=indicators, round__in=rounds):
        outcome = result[value.indicator_id, value.round_id]
        if value.municipality_id is None:
            outcome.own, outcome.comment = value.value, value.comment
        elif value.indicator_id in entered:
            outcome.municipalities[value.municipality_id] = value.value
    _national(result, indicators, rounds, ids)
    weights = _weights(indicators, rounds, ids)
    known = computations()
    periods = [(r.start, r.end) for r in rounds]
    for indicator in indicators:
        if indicator.source == Source.COMPUTED and indicator.computation in known:
            found = known[indicator.computation].compute(indicator.region, periods)
            for round_, values in zip(rounds, found, strict=True):
                outcome, values = result[indicator.pk, round_.pk], dict(values)
                outcome.county = values.pop(None, None)
                outcome.municipalities = {k: v for k, v in values.items() if k in ids}
    for outcome in result.values():
        indicator, round_ = outcome.indicator, outcome.round
        if outcome.county is None:
            outcome.county = rollup(
                indicator.rollup, outcome.municipalities, weights.get(round_.year.year)
            )
    return result


def _national(result, indicators, rounds, ids):
    """The municipalities' values of national indicators: the series' total for the round's
    year (a round shorter than the year has none: the statistics are yearly)."""
    national = {i.statistic_id: i for i in indicators if i.source == Source.NATIONAL}
    years = {r.year.year for r in rounds}
    if not national:
        return
    by_series = {}
    rows = Statistic.objects.filter(
        series__in=national, year__in=years, municipality__in=ids, gender=Gender.TOTAL
    ).values_list("series", "year", "municipality", "value")
    for series, year, municipality, value in rows:
        by_series.setdefault((series, year), {})[municipality] = value
    for round_ in rounds:
        if round_.kind != "year":
            continue
        for series, indicator in national.items():
            found = by_series.get((series, round_.year.year), {})
            result[indicator.pk, round_.pk].municipalities = found


def _weights(indicators, rounds, ids):
    """{year: {municipality id: inhabitants}} when an indicator rolls up by a weighted mean."""
    if not any(i.rollup == Rollup.WEIGHTED for i in indicators):
        return {}
    source, code = WEIGHT_SERIES
    rows = Statistic.objects.filter(
        series__source=source,
        series__code=code,
        year__in={r.year.year for r in rounds},
        municipality__in=ids,
        gender=Gender.TOTAL,
    ).values_list("year", "municipality", "value")
    weights = {}
    for year, municipality, value in rows:
        weights.setdefault(year, {})[municipality] = value
    return weights


def previous(round_, rounds):
    """The round before `round_` in the same year, and the same period of the year before,
    among `rounds` (either None): the values shown beside each input."""
    same_year = [r for r in rounds if r.year_id == round_.year_id and r.kind == round_.kind]
    earlier = [r for r in same_year if r.number < round_.number]
    last_period = max(earlier, key=lambda r: r.number) if earlier else None
    last_year = next(
        (
            r
            for r in rounds
            if r.year.year == round_.year.year - 1
            and r.kind == round_.kind
            and r.number == round_.number
        ),
        None,
    )
    return last_period, last_year


def year_indicators(year):
    """{development area id: [(indicator, [its Outcome in each of the year's rounds])]}: what
    the annual report and the activity plan show of each area's indicators."""
    indicators = region_indicators(year.region_id)
    if not indicators:
        return {}
    rounds = list(year.rounds.select_related("year"))
    _municipalities, found = with_municipalities(indicators, rounds, year.region_id)
    by_area = defaultdict(list)
    for indicator in indicators:
        by_area[indicator.area_id].append((indicator, [found[indicator.pk, r.pk] for r in rounds]))
    return by_area
