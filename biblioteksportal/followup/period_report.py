"""The report of a follow-up period (the tertial report, say) as a document of its own: per
development area each indicator's target, outcome, traffic light and analysis in the round
(and the region's own value), each activity's status and comment reported for the round, and
who has reported. HTML, PDF and DOCX through the annual report's helpers (report.py). A fixed
number of queries whatever the number of activities, indicators and municipalities (one more
per computed indicator, and its computation's own)."""

from collections import defaultdict

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from biblioteksportal import report
from biblioteksportal.models import AreaYear

from . import rounds
from .choices import PeriodKind
from .outcomes import outcomes, region_indicators, unit_of

DOCUMENT = "followup/period_report_document.html"  # the PDF's: the body with its cover

TITLES = {
    PeriodKind.YEAR: gettext_lazy("Helårsrapport %(year)s"),
    PeriodKind.HALF: gettext_lazy("Halvårsrapport %(label)s %(year)s"),
    PeriodKind.TERTIAL: gettext_lazy("Tertialrapport %(label)s %(year)s"),
    PeriodKind.QUARTER: gettext_lazy("Kvartalsrapport %(label)s %(year)s"),
}
NOTHING = gettext_lazy("Inga nyckeltal eller aktiviteter är registrerade för perioden.")
NOTHING_IN_AREA = gettext_lazy("Inget är registrerat för området i perioden.")


def title(round_):
    return TITLES[round_.kind] % {"label": round_.label, "year": round_.year.year}


def period(round_):
    """The period's dates, "1 januari–30 april 2019"."""
    return f"{date_format(round_.start, 'j F')}–{date_format(round_.end, 'j F Y')}"


def _indicator_table(pairs):
    """(heading, headers, rows, analyses) of an area's indicators and their Outcome."""
    headers = [*report.indicator_headers(plan=False), _("Regionens eget värde")]
    rows = []
    for indicator, outcome in pairs:
        for row in report.indicator_rows(indicator, [outcome], plan=False):
            rows.append([f"{indicator}{unit_of(indicator)}", *row[1:], outcome.shown(outcome.own)])
    analyses = [(str(i), o.comment) for i, o in pairs if o.comment]
    return _("Nyckeltal"), headers, rows, analyses


def _activity_table(activities, reports):
    """(heading, headers, rows, no analyses) of an area's activities, each followed by its
    sub-activities, with their status and comment reported for the round."""
    children = defaultdict(list)
    for activity in activities:
        children[activity.parent_id].append(activity)
    rows = []

    def add(activity, parent=None):
        report_ = reports.get(activity.pk)
        name = activity.title
        if parent:
            name = _("%(title)s (del av %(parent)s)") % {"title": name, "parent": parent.title}
        status = report_.get_status_display() if report_ else _("Ej rapporterad")
        rows.append([name, status, report_.comment if report_ else ""])
        for child in children[activity.pk]:
            add(child, activity)

    known = {a.pk for a in activities}
    for activity in activities:
        if activity.parent_id not in known:
            add(activity)
    headers = [_("Aktivitet"), _("Status"), _("Kommentar")]
    return _("Aktiviteter"), headers, rows, []


def _summary(reported, indicators):
    """Who has reported: the municipalities with and without values, the activities."""
    lines = []
    if any(i.entered_by_municipalities for i in indicators):
        done = sorted(m.name for m, ok in reported.municipalities if ok)
        missing = sorted(m.name for m in reported.missing_municipalities)
        lines.append(
            _("%(done)s av %(total)s kommuner har rapporterat sina värden.")
            % {"done": len(done), "total": len(done) + len(missing)}
        )
        if done:
            lines.append(_("Har rapporterat: %(names)s.") % {"names": ", ".join(done)})
        if missing:
            lines.append(_("Har inte rapporterat: %(names)s.") % {"names": ", ".join(missing)})
    else:
        lines.append(_("Kommunerna har inga nyckeltal att rapportera i perioden."))
    total = len(reported.activities)
    lines.append(
        _("%(done)s av %(total)s aktiviteter är rapporterade.")
        % {"done": total - len(reported.missing_activities), "total": total}
    )
    return lines


def build(round_):
    """The report's context for a round of rounds.round_of (its year and region loaded)."""
    year = round_.year
    indicators = region_indicators(year.region_id)
    reported = rounds.reported(round_)
    municipalities = [m for m, _done in reported.municipalities]
    found = outcomes(indicators, [round_], municipalities)
    reports = {a.pk: r for a, r in reported.activities if r}
    areas = {
        ay.area_id: ay.area
        for ay in AreaYear.objects.filter(year=year)
        .select_related("area")
        .order_by("area__position")
    }
    by_area = defaultdict(lambda: {"indicators": [], "activities": []})
    for indicator in indicators:
        areas.setdefault(indicator.area_id, indicator.area)
        by_area[indicator.area_id]["indicators"].append((indicator, found[indicator.pk, round_.pk]))
    for activity, _report in reported.activities:
        areas.setdefault(activity.area_year.area_id, activity.area_year.area)
        by_area[activity.area_year.area_id]["activities"].append(activity)
    sections = []
    for number, (area_id, area) in enumerate(areas.items(), start=1):
        content = by_area[area_id]
        tables = []
        if content["indicators"]:
            tables.append(_indicator_table(content["indicators"]))
        if content["activities"]:
            tables.append(_activity_table(content["activities"], reports))
        sections.append({"anchor": f"omrade-{number}", "name": area.name, "tables": tables})
    return {
        "title": title(round_),
        "subtitle": f"{year.region.name} · {period(round_)}",
        "cover_lines": [line for line in (year.region.portal_name, year.region.unit_name) if line],
        "year": year,
        "round": round_,
        "areas": sections,
        "summary": _summary(reported, indicators),
        "toc": [],
    }


def render_docx(context):
    """The period report as a Word document, with the annual report's cover."""
    doc = report.docx_document(context)
    for area in context["areas"]:
        doc.add_heading(area["name"], 1)
        for heading, headers, rows, analyses in area["tables"]:
            doc.add_heading(heading, 2)
            report.docx_table(doc, headers, rows)
            for name, comment in analyses:
                doc.add_paragraph(f"{name}: {comment}")
        if not area["tables"]:
            doc.add_paragraph(str(NOTHING_IN_AREA))
    if not context["areas"]:
        doc.add_paragraph(str(NOTHING))
    doc.add_heading(_("Vem har rapporterat"), 1)
    for line in context["summary"]:
        doc.add_paragraph(line)
    return report.docx_bytes(doc)
