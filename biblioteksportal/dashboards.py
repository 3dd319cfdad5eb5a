"""The county dashboard and the municipality pages: the core's figures plus each area's part."""

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .areas import Part, of_area
from .charts import bar_chart
from .choices import ActivityStatus
from .models import Activity
from .tables import CELL_HEADERS, Column, Table

STATUSES = list(ActivityStatus)


def _status_counts(activities):
    """{area_year_id: {status: n}} from a queryset of activities, in one query."""
    counts = {}
    for row in activities.values("area_year", "status").annotate(n=Count("pk")):
        counts.setdefault(row["area_year"], {})[row["status"]] = row["n"]
    return counts


def area_sections(year, activities, hook, *args):
    """For each area of the year: its activities by status, and the area app's own part
    (`hook`: "county_part" or "municipality_part")."""
    counts = _status_counts(activities)
    sections = []
    for area_year in year.area_years.select_related("area").order_by("area__position"):
        by_status = counts.get(area_year.pk, {})
        config = of_area(area_year.area.app)
        part = getattr(config, hook)(*args) if config else Part()
        sections.append(
            {
                "area_year": area_year,
                "by_status": [(status.label, by_status.get(status, 0)) for status in STATUSES],
                "figures": part.figures,
                "charts": part.charts,
            }
        )
    return sections


def status_chart(sections, caption):
    rows = [
        (s["area_year"].area.name, [n for _, n in s["by_status"]])
        for s in sections
        if any(n for _, n in s["by_status"])
    ]
    return bar_chart(caption, rows, series=[s.label for s in STATUSES]) if rows else None


def county(year, user):
    activities = Activity.objects.filter(area_year__year=year)
    return area_sections(year, activities, "county_part", year, user)


def municipality(year, municipality_obj, user):
    activities = Activity.objects.filter(area_year__year=year, municipalities=municipality_obj)
    return area_sections(year, activities, "municipality_part", year, municipality_obj, user)


def table(sections, libraries=()):
    """One declared table of the page's figures for its download, a row per cell: the
    libraries (a municipality's page), then per area its figures, its charts' data tables and
    its activities by status."""
    rows = [
        ["", _("Bibliotek"), library.name, _("Typ"), library.get_kind_display()]
        for library in libraries
    ]
    for section in sections:
        figures = Table(
            [Column(_("Nyckeltal"), "label"), Column(_("Värde"), "value")],
            section["figures"],
            _("Nyckeltal"),
        )
        statuses = Table(
            [Column(_("Status"), lambda row: row[0]), Column(_("Antal"), lambda row: row[1])],
            section["by_status"],
            _("Aktiviteter per status"),
        )
        parts = [figures, *(chart.table() for chart in section["charts"]), statuses]
        area = section["area_year"].area.name
        rows += [[area, *cell] for part in parts for cell in part.cells()]
    headers = [gettext_lazy("Område"), *CELL_HEADERS]
    return Table([Column(h, lambda row, i=i: row[i]) for i, h in enumerate(headers)], rows)
