"""The annual report (verksamhetsberättelse) and the activity plan (verksamhetsplan) of a year,
built from the data in the structure of the seed report, as HTML, PDF and DOCX."""

import base64
from collections import defaultdict
from datetime import date
from io import BytesIO

from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .areas import of_area
from .followup.outcomes import year_indicators
from .models import Activity, AreaYear, IntroSection, Staffing, Year

PNG = b"\x89PNG\r\n\x1a\n"


def year_queryset(user):
    """A year with everything the report shows, in a fixed number of queries."""
    area_years = (
        AreaYear.objects.select_related("area")
        .order_by("area__position")
        .prefetch_related("partners", "goals", "outcomes", "activities")
    )
    return (
        Year.objects.for_user(user)
        .select_related("region")
        .prefetch_related(Prefetch("area_years", queryset=area_years))
    )


def name_people_and_places(year):
    """Give each of the year's activities the names of its responsible people (`people`) and
    of its municipalities (`places`), for the year page and its download: two queries of
    names, no model instances (a large county's year links a thousand municipalities)."""
    activities = [a for area_year in year.area_years.all() for a in area_year.activities.all()]
    ids = [a.pk for a in activities]
    people, places = defaultdict(list), defaultdict(list)
    for pk, name in (
        Activity.responsible.through.objects.filter(activity__in=ids)
        .order_by("person__name")
        .values_list("activity_id", "person__name")
    ):
        people[pk].append(name)
    for pk, name in (
        Activity.municipalities.through.objects.filter(activity__in=ids)
        .order_by("municipality__name")
        .values_list("activity_id", "municipality__name")
    ):
        places[pk].append(name)
    for activity in activities:
        activity.people, activity.places = people[activity.pk], places[activity.pk]
    return year


def nest_activities(year):
    """Give each area's year its top-level activities, each with its sub-activities."""
    for area_year in year.area_years.all():
        children = defaultdict(list)
        for activity in area_year.activities.all():
            children[activity.parent_id].append(activity)
        for activity in area_year.activities.all():
            activity.subactivities = children[activity.pk]
        area_year.top_activities = children[None]
    return year


def _period(start, end, year):
    first, last = max(start, date(year, 1, 1)), min(end or date(year, 12, 31), date(year, 12, 31))
    return f"{date_format(first, 'j F')}–{date_format(last, 'j F')}"


def staffing(year):
    """Section 4: capacity per responsibility area over the year. Never why anyone was away."""
    rows = (
        Staffing.objects.filter(person__region=year.region_id, start__lte=date(year.year, 12, 31))
        .filter(Q(end__isnull=True) | Q(end__gte=date(year.year, 1, 1)))
        .select_related("person", "responsibility")
        .order_by("responsibility__name", "person__name", "start")
    )
    areas = defaultdict(lambda: defaultdict(list))
    for row in rows:
        capacity = row.capacity.lower()
        if row.employment == "project" and row.percent:
            capacity = _("%(capacity)s (projektanställd)") % {"capacity": capacity}
        areas[row.responsibility.name][row.person.name].append(
            f"{capacity} {_period(row.start, row.end, year.year)}"
        )
    return [
        (responsibility, [(person, "; ".join(periods)) for person, periods in people.items()])
        for responsibility, people in areas.items()
    ]


def build(year, plan=False):
    """The report's context: sections 1–3, staffing, and each area with its facts; chapters
    numbered on from the introduction's (the plan has no staffing chapter)."""
    nest_activities(year)
    intro_sections = list(IntroSection.objects.filter(region=year.region_id))
    chapters = [int(s.number.split(".")[0]) for s in intro_sections if s.number[:1].isdigit()]
    staff_number = max(chapters, default=0) + 1
    areas_number = staff_number if plan else staff_number + 1
    areas = []
    indicators = year_indicators(year)
    for number, area_year in enumerate(year.area_years.all(), start=1):
        config = of_area(area_year.area.app)
        facts = config.report_facts(area_year) if config and not plan else []
        outcomes = [] if plan else [o.narrative for o in area_year.outcomes.all() if o.narrative]
        area = {
            "number": f"{areas_number}.1.{number}",
            "area_year": area_year,
            "partners": [p.name for p in area_year.partners.all()],
            "aims": [g for g in area_year.goals.all() if g.kind == "aim"],
            "subgoals": [g for g in area_year.goals.all() if g.kind == "subgoal"],
            "outcomes": outcomes,
            "facts": facts,
            "indicators": indicators.get(area_year.area_id, []),
        }
        parts = ("partners", "subgoals", "outcomes", "facts", "indicators")
        area["empty"] = not (area_year.top_activities or any(area[part] for part in parts))
        areas.append(area)
    title = _("Verksamhetsplan %(year)s") if plan else _("Verksamhetsberättelse %(year)s")
    toc = [
        (f"s-{slugify(s.number)}", f"{s.number} {s.title}", s.number.count(".") + 1)
        for s in intro_sections
    ]
    if not plan:
        toc.append((f"s-{staff_number}", f"{staff_number} {_('Personal')}", 1))
    toc.append((f"s-{areas_number}", f"{areas_number} {_('Utvecklingsområden')}", 1))
    toc += [
        (f"s-{slugify(a['number'])}", f"{a['number']} {a['area_year'].area.name}", 2) for a in areas
    ]
    return {
        "title": title % {"year": year.year},
        "plan": plan,
        "year": year,
        "intro_sections": intro_sections,
        "staff_number": staff_number,
        "areas_number": areas_number,
        "staffing": [] if plan else staffing(year),
        "areas": areas,
        "toc": toc,
    }


def logo(region):
    """The region's logo file's content, or None."""
    if not region.logo:
        return None
    with region.logo.open("rb") as file:
        return file.read()


def logo_data(content):
    """A logo as a data: URI for the document's cover, or None."""
    if content is None:
        return None
    kind = "image/png" if content.startswith(PNG) else "image/svg+xml"
    return f"data:{kind};base64,{base64.b64encode(content).decode()}"


def render_html(context, request=None, template="report/document.html"):
    return render_to_string(template, context, request=request)


def render_pdf(context, base_url, template="report/document.html"):
    """A tagged PDF (PDF/UA-1) with the document's language and title; `template` the
    document's (the period report's has its own)."""
    from weasyprint import HTML

    logo_uri = logo_data(logo(context["year"].region))
    html = render_html({**context, "logo": logo_uri}, template=template)
    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def respond(request, context, name, page, docx, document="report/document.html"):
    """A report as its page (template `page`), or asked for with ?format=pdf as a tagged PDF
    of its `document` template, with ?format=docx as the Word document `docx(context)`
    makes; `name` the files' name."""
    match request.GET.get("format"):
        case "pdf":
            pdf = render_pdf(context, request.build_absolute_uri("/"), template=document)
            return attachment(pdf, "application/pdf", f"{name}.pdf")
        case "docx":
            return attachment(docx(context), DOCX, f"{name}.docx")
    return render(request, page, context)


def render_docx(context):
    """The same report as a Word document, for further editing."""
    doc = docx_document(context)
    year = context["year"]
    for section in context["intro_sections"]:
        level = section.number.count(".") + 1
        doc.add_heading(f"{section.number} {section.title}", level)
        for paragraph in section.body.split("\n\n"):
            doc.add_paragraph(paragraph)
    if not context["plan"]:
        doc.add_heading(f"{context['staff_number']} {_('Personal')}", 1)
        if year.staff_summary:
            doc.add_paragraph(year.staff_summary)
        elif not context["staffing"]:
            doc.add_paragraph(_("Ingen personal är registrerad för året."))
        for responsibility, people in context["staffing"]:
            staff = "; ".join(f"{person} {periods}" for person, periods in people)
            doc.add_paragraph(f"{responsibility}: {staff}", style="List Bullet")
    doc.add_heading(f"{context['areas_number']} {_('Utvecklingsområden')}", 1)
    if year.areas_intro:
        doc.add_paragraph(year.areas_intro)
    for area in context["areas"]:
        if area["area_year"].intro:
            for paragraph in area["area_year"].intro.split("\n\n"):
                doc.add_paragraph(paragraph)
    if not context["areas"]:
        doc.add_paragraph(_("Inga utvecklingsområden är registrerade för året."))
    else:
        doc.add_heading(f"{context['areas_number']}.1 {_('Utvecklingsområden')}", 2)
    for area in context["areas"]:
        doc.add_paragraph(area["area_year"].area.name, style="List Bullet")
        for aim in area["aims"]:
            doc.add_paragraph(aim.text, style="List Bullet 2")
    for area in context["areas"]:
        area_year = area["area_year"]
        doc.add_heading(f"{area['number']} {area_year.area.name}", 3)
        if area["partners"]:
            doc.add_heading(_("Samverkansparter"), 4)
            doc.add_paragraph(", ".join(area["partners"]))
        if area["subgoals"]:
            doc.add_heading(_("Delmål"), 4)
            for goal in area["subgoals"]:
                doc.add_paragraph(goal.text, style="List Bullet")
        if area_year.top_activities:
            doc.add_heading(_("Aktiviteter"), 4)
            for activity in area_year.top_activities:
                _docx_activity(doc, activity, context["plan"])
        if area["outcomes"] or area["facts"]:
            doc.add_heading(_("Utfall"), 4)
            for narrative in area["outcomes"]:
                for paragraph in narrative.split("\n\n"):
                    doc.add_paragraph(paragraph)
            for fact in area["facts"]:
                doc.add_paragraph(fact, style="List Bullet")
        if area["indicators"]:
            _docx_indicators(doc, area["indicators"], context["plan"])
        if area["empty"]:
            doc.add_paragraph(_("Inget är registrerat för området detta år."))
    return docx_bytes(doc)


def docx_document(context):
    """A Word document with the context's title, language and region as its properties, and
    its cover."""
    from docx import Document

    doc = Document()
    doc.core_properties.title = context["title"]
    doc.core_properties.language = "en-GB" if get_language() == "en" else "sv-SE"
    doc.core_properties.author = context["year"].region.name
    _docx_cover(doc, context)
    return doc


def docx_bytes(doc):
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _docx_cover(doc, context):
    """The cover (logo, portal, unit, title, region and year, or the context's `subtitle`),
    the contents by chapter and the page number in every page's footer."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    region = context["year"].region
    content = logo(region)
    if content and content.startswith(PNG):  # Word documents hold no SVG
        doc.add_picture(BytesIO(content), width=Cm(5))
    for line in filter(None, [region.portal_name, region.unit_name]):
        doc.add_paragraph(line)
    doc.add_heading(context["title"], 0)
    doc.add_paragraph(context.get("subtitle") or f"{region.name} · {context['year'].year}")
    for paragraph in doc.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    if context["toc"]:
        doc.add_paragraph(_("Innehåll"), style="Subtitle")
        for _anchor, text, level in context["toc"]:
            doc.add_paragraph(text).paragraph_format.left_indent = Cm(level - 1)
        doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    footer._p.append(field)


def _docx_activity(doc, activity, plan, level=1):
    style = "List Bullet" if level == 1 else "List Bullet 2"
    text = activity.title
    if not plan:
        text += f" – {activity.get_status_display()}"
        if activity.status_reason:
            text += f" ({activity.status_reason})"
    doc.add_paragraph(text, style=style)
    for child in activity.subactivities:
        _docx_activity(doc, child, plan, level + 1)


def indicator_headers(plan):
    headers = [_("Nyckeltal"), _("Period"), _("Mål")]
    return headers if plan else [*headers, _("Utfall"), _("Bedömning")]


def indicator_rows(indicator, outcomes, plan):
    for outcome in outcomes:
        row = [str(indicator), outcome.round.label, outcome.target_text]
        yield row if plan else [*row, outcome.value_text, outcome.light_text]


def docx_table(doc, headers, rows):
    """A table of `headers` and `rows` (lists of text) in a Word document."""
    table = doc.add_table(rows=1, cols=len(headers))
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = header
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _docx_indicators(doc, indicators, plan):
    doc.add_heading(_("Nyckeltal"), 4)
    rows = [row for i, outcomes in indicators for row in indicator_rows(i, outcomes, plan)]
    docx_table(doc, indicator_headers(plan), rows)
    for indicator, outcomes in indicators:
        comments = [o.comment for o in outcomes if o.comment]
        if comments and not plan:
            doc.add_paragraph(f"{indicator}: {' '.join(comments)}")
