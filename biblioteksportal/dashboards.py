"""The county dashboard and the municipality pages: the core's figures plus each area's part."""

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .areas import Part, of_area
from .charts import bar_chart
from .choices import ActivityStatus
from .exports import CELL_HEADERS, cells
from .models import Activity

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


HEADERS = [gettext_lazy("Område"), *CELL_HEADERS]


def table(sections):
    """The figures and the charts' data tables of each area's section, and its activities by
    status, flattened to [area, table, row, column, value] for the download."""
    rows = []
    for section in sections:
        parts = [
            cells(_("Nyckeltal"), [_("Värde")], [(label, [v]) for label, v in section["figures"]]),
            *(chart_cells(chart) for chart in section["charts"]),
            cells(
                _("Aktiviteter per status"),
                [_("Antal")],
                [(s, [n]) for s, n in section["by_status"]],
            ),
        ]
        area = section["area_year"].area.name
        rows += [[area, *row] for part in parts for row in part]
    return rows


def chart_cells(chart):
    """A chart's data table as cells: a column per series and the total, as on the page."""
    if not chart["stacked"]:
        value = _("Värde") + (f" ({chart['unit'].strip()})" if chart["unit"] else "")
        return cells(chart["caption"], [value], [(label, [t]) for label, _v, t in chart["rows"]])
    columns = [name for name, _pattern in chart["series"]] + [_("Totalt")]
    return cells(chart["caption"], columns, [(label, [*v, t]) for label, v, t in chart["rows"]])
