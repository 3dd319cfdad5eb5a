"""A municipality's imported national statistics, as its page shows them."""

from django.utils.translation import gettext as _

from biblioteksportal.tables import Column, Table

from .choices import Gender
from .models import Statistic

YEARS_SHOWN = 3


def municipality_table(municipality, year):
    """The municipality's figures of the activity year and the two before, a row per series
    (the totals, not by gender), in one query."""
    values = (
        Statistic.objects.filter(
            municipality=municipality,
            gender=Gender.TOTAL,
            year__lte=year,
            year__gt=year - YEARS_SHOWN,
        )
        .select_related("series")
        .order_by("series__source", "series__code", "year")
    )
    by_series, years = {}, set()
    for value in values:
        by_series.setdefault(value.series, {})[value.year] = value.value.normalize()
        years.add(value.year)
    columns = [
        Column(_("Källa"), lambda row: row[0].get_source_display()),
        Column(_("Serie"), lambda row: str(row[0])),
        *[Column(str(y), lambda row, y=y: row[1].get(y), numeric=True) for y in sorted(years)],
    ]
    return Table(
        columns,
        list(by_series.items()),
        _("Nationell statistik för %(municipality)s") % {"municipality": municipality.name},
        empty=_("Ingen nationell statistik är importerad för kommunen."),
    )
