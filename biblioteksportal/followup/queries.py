"""What the indicator dashboard of a year reads and shows: the region's indicators by
development area, each with its outcome in each of the year's rounds (target, value, traffic
light), its trend over the years' year rounds and, for the indicators with municipalities'
values, those of the latest round that has any. Its tables are declared here once for the
page and its downloads. A fixed number of queries whatever the number of municipalities and
values (outcomes.py: and each computed indicator's own)."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..charts import bar_chart
from ..models import Year
from ..tables import Column, Table
from .choices import Direction, Light, PeriodKind
from .models import Indicator, Round
from .outcomes import exact, light_rule, region_indicators, unit_of, with_municipalities

# The traffic light's symbol beside its text: the light never reads by colour alone.
SYMBOLS = {Light.MET: "●", Light.NEAR: "◐", Light.NOT_MET: "○", Light.NO_VALUE: "–"}


@dataclass
class Row:
    """One indicator on the dashboard."""

    indicator: Indicator
    outcomes: list  # its Outcome in each of the year's rounds
    trend: list  # its Outcome in each year's year round, oldest first
    rule: str = ""
    table: Table | None = None
    chart: object = None

    @property
    def direction(self):
        return Direction(self.indicator.direction).label


@dataclass
class Dashboard:
    year: Year
    rounds: list
    areas: list = field(default_factory=list)  # [(development area, [Row])]
    municipalities: Table | None = None

    @property
    def tables(self):
        """Every table of the page, for its download."""
        tables = [row.table for _area, rows in self.areas for row in rows]
        tables += [row.chart.table() for _area, rows in self.areas for row in rows if row.chart]
        return tables + ([self.municipalities] if self.municipalities else [])


def year_of(region, year):
    return get_object_or_404(Year.objects.select_related("region"), region=region, year=year)


def rounds(year):
    """(the year's rounds, every year's year round of the region), in one query."""
    found = list(
        Round.objects.filter(Q(year=year) | Q(year__region=year.region_id, kind=PeriodKind.YEAR))
        .select_related("year")
        .order_by("year__year", "deadline", "pk")
    )
    return [r for r in found if r.year_id == year.pk], [r for r in found if r.kind == "year"]


def light_html(outcome):
    light = outcome.light
    return format_html(
        '<span class="light light-{}"><span aria-hidden="true">{}</span> {}</span>',
        light,
        SYMBOLS[Light(light)],
        Light(light).label,
    )


def of(municipality):
    """An Outcome's value for `municipality` (the county's when None)."""
    return lambda o: o.value if municipality is None else o.municipalities.get(municipality.pk)


def value_column(indicator, header, value):
    return Column(
        header + unit_of(indicator),
        lambda o: exact(indicator, value(o)),
        html=lambda o: o.shown(value(o)),
        numeric=True,
    )


def outcome_table(indicator, found, municipality=None):
    """An indicator's rounds: target, outcome and traffic light; with `municipality`, its
    value beside the county's."""
    columns = [
        Column(_("Omgång"), lambda o: str(o.round)),
        value_column(indicator, _("Mål"), lambda o: o.target),
        value_column(indicator, _("Utfall"), of(None)),
    ]
    if municipality and indicator.per_municipality:
        columns.append(value_column(indicator, municipality.name, of(municipality)))
    return Table(
        [*columns, Column(_("Status"), lambda o: o.light_text, html=light_html)],
        found,
        caption=indicator.name,
        empty=_("Året har inga uppföljningsomgångar."),
    )


def plain(indicator, number):
    """A value in the indicator's decimals, as a number the chart can scale."""
    rounded = round(float(number), indicator.decimals)
    return int(rounded) if indicator.decimals == 0 else rounded


def trend_chart(indicator, found, municipality=None):
    """The indicator's value in each year's year round (the years with one), or None; with
    `municipality`, that municipality's values where the indicator has them."""
    if not (municipality and indicator.per_municipality):
        municipality = None
    value = of(municipality)
    bars = [
        (str(o.round.year.year), plain(indicator, value(o))) for o in found if value(o) is not None
    ]
    if not bars:
        return None
    caption = _("%(name)s per år") % {"name": indicator.name}
    if municipality:
        caption = f"{caption}, {municipality.name}"
    unit = f" {indicator.unit}" if indicator.unit else ""
    return bar_chart(caption, bars, unit=unit)


def municipality_table(municipalities, rows):
    """Each municipality's values of the indicators with municipalities' values, in the
    latest of the year's rounds that has any (the county's value last); None without."""
    columns, latest = [], []
    for row in rows:
        if not row.indicator.per_municipality:
            continue
        found = [o for o in row.outcomes if o.municipalities]
        if found:
            latest.append((row.indicator, found[-1]))
    if not latest:
        return None
    for indicator, outcome in latest:
        header = f"{indicator.name}{unit_of(indicator)}, {outcome.round.label}"
        columns.append(
            Column(
                header,
                lambda m, o=outcome: exact(
                    o.indicator, o.county if m is None else o.municipalities.get(m.pk)
                ),
                html=lambda m, o=outcome: o.shown(
                    o.county if m is None else o.municipalities.get(m.pk)
                ),
                numeric=True,
            )
        )
    name = Column(_("Kommun"), lambda m: _("Länet") if m is None else m.name)
    return Table(
        [name, *columns],
        [*municipalities, None],
        caption=_("Kommunernas värden i den senaste omgången"),
        id="municipality-values",
    )


def dashboard(region, year, municipality=None):
    """The dashboard of the region's activity year `year` (a Year), with `municipality`'s
    values beside the county's when one is given."""
    found_indicators = region_indicators(region)
    result = Dashboard(year, [])
    if not found_indicators:
        return result
    year_rounds, trend_rounds = rounds(year)
    result.rounds = year_rounds
    every = {r.pk: r for r in [*year_rounds, *trend_rounds]}.values()
    municipalities, found = with_municipalities(found_indicators, every, region)
    by_area = {}
    all_rows = []
    for indicator in found_indicators:
        row = Row(
            indicator,
            [found[indicator.pk, r.pk] for r in year_rounds],
            [found[indicator.pk, r.pk] for r in trend_rounds],
            rule=light_rule(indicator),
        )
        row.table = outcome_table(indicator, row.outcomes, municipality)
        row.chart = trend_chart(indicator, row.trend, municipality)
        by_area.setdefault(indicator.area_id, (indicator.area, []))[1].append(row)
        all_rows.append(row)
    result.areas = list(by_area.values())
    result.municipalities = municipality_table(municipalities, all_rows)
    return result
