"""The county's pages for library heads and staff: a round's answers and the overview."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from biblioteksportal.access import one_region, readers
from biblioteksportal.tables import Column, Table, respond

from .. import queries
from ..forms import OverviewFilters
from .cells import day, of_plan, status_html


@readers
def round_detail(request, pk):
    survey_round = get_object_or_404(queries.rounds_with_reports(request.user), pk=pk)
    answers = Table(
        [
            Column(
                _("Kommun"),
                "municipality",
                link=lambda r: reverse("biblioteksplaner:report", args=[r.pk]),
            ),
            Column(_("Status"), lambda r: r.get_state_display()),
        ],
        survey_round.reports.all(),
        _("Kommunernas svar"),
    )
    context = {"round": survey_round, "answers": answers}
    return respond(
        request, "biblioteksplaner/round.html", context, f"uppfoljning-{survey_round.pk}", answers
    )


def yes_no(value):
    return _("Ja") if value else _("Nej")


def extensions(plan):
    return ", ".join(f"{e.previous_end} → {e.new_end}" for e in plan.extensions.all()) or None


@readers
@one_region
def overview(request, region):
    filters = OverviewFilters(request.GET)
    on, year = filters.values()["datum"], filters.values()["ar"]
    rows, counts = queries.overview(region, on, year)
    rounds = queries.rounds_of(request.user, region).order_by("-deadline")
    tables = [
        Table(
            [
                Column(
                    _("Kommun"),
                    "name",
                    link=lambda r: reverse("biblioteksplaner:register-owner", args=[r.code]),
                ),
                Column(_("Status"), "status.label", html=lambda r: status_html(r.status)),
                Column(_("Väntas antas"), lambda r: day(r.status.expected)),
                Column(_("Plan"), "status.plan.title"),
                Column(_("Gäller från"), of_plan(lambda p: day(p.start))),
                Column(_("Gäller till och med"), of_plan(lambda p: day(p.end))),
                Column(_("Aktuell enligt KB:s räkning"), lambda r: yes_no(r.kb_current)),
                Column(
                    _("Uppfyller bidragsvillkoret (Stärkta bibliotek)"), lambda r: yes_no(r.grant)
                ),
                Column(
                    _("Saknar giltig plan under hela %(year)s") % {"year": year},
                    lambda r: yes_no(r.lacks),
                ),
            ],
            rows,
            _("Status %(on)s") % {"on": on},
            id="statuses",
        ),
        Table(
            [
                Column(_("Status"), lambda r: r[1]),
                Column(_("Antal kommuner"), lambda r: r[2], numeric=True),
            ],
            counts,
            _("Antal per status"),
        ),
        # the data table of the timeline: the same plans
        Table(
            [
                Column(_("Plan"), lambda r: f"{r[0].name}: {r[1].title}"),
                Column(_("Från"), lambda r: day(r[1].start)),
                Column(_("Till och med"), lambda r: day(r[1].end)),
                Column(_("Förlängd"), lambda r: extensions(r[1])),
            ],
            [(row, plan) for row in rows for plan in row.plans],
            _("Planernas giltighet"),
        ),
        Table(
            [
                Column(
                    _("Omgång"),
                    str,
                    link=lambda r: reverse("biblioteksplaner:round", args=[r.pk]),
                ),
                Column(_("Sista svarsdag"), lambda r: day(r.deadline)),
                Column(
                    _("Svar"),
                    "answered",
                    html=lambda r: (
                        _("%(answered)s av %(total)s") % {"answered": r.answered, "total": r.total}
                    ),
                    numeric=True,
                ),
                Column(_("Kommuner"), "total", numeric=True),
            ],
            rounds,
            _("Svarsfrekvens per uppföljning"),
            _("Inga omgångar ännu."),
        ),
    ]
    context = {
        "filters": filters,
        "on": on,
        "year": year,
        "rows": rows,
        "counts": counts,
        "lacking": [row for row in rows if row.lacks],
        "no_reporter": queries.no_reporter(region),
        "tables": tables,
        "timeline": timeline(rows, on),
    }
    return respond(
        request, "biblioteksplaner/overview.html", context, f"biblioteksplaner-{on}", *tables
    )


def timeline(rows, on):
    """Geometry of the SVG timeline: a row per owner, a bar per plan over the years. (Not a
    bar chart of values, which the core's charts draw, but the plans' periods on a time
    axis; its data table is the overview's "Planernas giltighet".)"""
    plans = [plan for row in rows for plan in row.plans]
    if not plans:
        return None
    first = min(p.start.year for p in plans)
    last = max(p.end.year for p in plans)
    years = list(range(first, last + 1))
    label_width, year_width, row_height = 150, 60, 24
    width = label_width + year_width * len(years)

    def x(when):
        return label_width + year_width * (when.year - first + (when.timetuple().tm_yday - 1) / 366)

    bars = []
    for index, row in enumerate(rows):
        y = 30 + index * row_height
        for plan in row.plans:
            bars.append(
                {
                    "x": round(x(plan.start), 1),
                    "y": y + 4,
                    "width": max(round(x(plan.end) - x(plan.start) - 1, 1), 2),
                    "title": str(plan),
                    "extended": bool(plan.extensions.all()),
                }
            )
    return {
        "width": width,
        "height": 40 + row_height * len(rows),
        "years": [{"year": y, "x": label_width + year_width * i} for i, y in enumerate(years)],
        "labels": [{"name": row.name, "y": 30 + i * row_height + 16} for i, row in enumerate(rows)],
        "bars": bars,
        "on_x": round(x(on), 1) if first <= on.year <= last else None,
        "year_width": year_width,
    }
