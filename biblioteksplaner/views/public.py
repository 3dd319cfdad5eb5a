"""The public register of plans: status today per owner, an owner's plans, the open data and
the plans' documents."""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from biblioteksportal import caching, documents
from biblioteksportal.choices import OpenDataLicence
from biblioteksportal.models import Region
from biblioteksportal.opendata import DATE, TEXT, URL, Field
from biblioteksportal.tables import Column, Table, file_response, respond

from .. import queries
from ..models import LibraryPlan
from .cells import day, of_plan, status_html


def document_link(request, plan):
    """The plan's document: the register's own copy, or the link it was registered with."""
    if plan.document:
        url = reverse("biblioteksplaner:plan-document", args=[plan.pk])
        return request.build_absolute_uri(url)
    return plan.document_url


def document_html(plan):
    """The plan's document linked by its title, or "–" (a row without a plan, or a plan
    without a document)."""
    if plan is not None and plan.document:
        url = reverse("biblioteksplaner:plan-document", args=[plan.pk])
        return format_html('<a href="{}">{}</a>', url, _("%(title)s (PDF)") % {"title": plan.title})
    if plan is not None and plan.document_url:
        text = _("%(title)s (webbsida)") % {"title": plan.title}
        return format_html('<a href="{}">{}</a>', plan.document_url, text)
    return "–"


def extensions(plan):
    """The decisions that moved the plan's end, None without."""
    texts = [
        _("%(body)s %(date)s: till %(end)s")
        % {"body": e.get_adopted_by_display(), "date": e.decision_date, "end": e.new_end}
        for e in plan.extensions.all()
    ]
    return "; ".join(texts) or None


def register(request):
    statuses = Table(
        [
            Column(
                _("Kommun eller region"),
                "name",
                link=lambda r: reverse("biblioteksplaner:register-owner", args=[r.code]),
            ),
            Column(_("Kod"), "code"),
            Column(_("Status"), "status.label", html=lambda r: status_html(r.status)),
            Column(_("Plan"), "status.plan.title"),
            Column(_("Gäller från"), of_plan(lambda p: day(p.start))),
            Column(_("Gäller till och med"), of_plan(lambda p: day(p.end))),
            Column(_("Antagen av"), of_plan(lambda p: p.get_adopted_by_display())),
            Column(_("Beslutsdatum"), of_plan(lambda p: day(p.decision_date))),
            Column(
                _("Dokument"),
                of_plan(lambda p: document_link(request, p)),
                html=lambda r: document_html(r.status.plan),
            ),
        ],
        # not read when the page comes from the cache; the page shows no extensions
        SimpleLazyObject(lambda: queries.register_rows(extensions=False)),
        _("Gällande plan per kommun och region i dag"),
        id="register",
    )
    context = {
        "table": statuses,
        "fragment": SimpleLazyObject(lambda: caching.fragment(request, None)),
    }
    filename = f"biblioteksplaner-{timezone.localdate()}"
    return respond(request, "biblioteksplaner/register.html", context, filename, statuses)


def register_owner(request, code):
    """One owner's history of plans: a municipality by its code, or a region by its code."""
    rows = queries.owner_rows(code)
    if not rows:
        raise Http404
    row = rows[0]
    plans = Table(
        [
            Column(_("Plan"), "title"),
            Column(_("Antagen av"), lambda p: p.get_adopted_by_display()),
            Column(_("Beslutsdatum"), lambda p: day(p.decision_date)),
            Column(_("Gäller från"), lambda p: day(p.start)),
            Column(_("Gäller till och med"), lambda p: day(p.end)),
            Column(
                _("Förlängningar"),
                lambda p: (
                    "; ".join(
                        _("%(body)s %(date)s: till %(end)s")
                        % {
                            "body": e.get_adopted_by_display(),
                            "date": e.decision_date,
                            "end": e.new_end,
                        }
                        for e in p.extensions.all()
                    )
                    or None
                ),
            ),
            Column(_("Dokument"), lambda p: document_link(request, p), html=document_html),
        ],
        row.plans,
        _("Antagna planer, äldst först"),
        _("Inga antagna planer i registret."),
    )
    context = {
        "row": row,
        "status": status_html(row.status),
        "region": row if row.is_region else row.region,
        "plans": plans,
    }
    return respond(
        request, "biblioteksplaner/register_owner.html", context, f"biblioteksplaner-{code}", plans
    )


FIELDS = [
    Field(
        "region",
        TEXT,
        gettext_lazy("Regionen som kommunen hör till, eller som antog planen"),
        "Region Exempel",
    ),
    Field(
        "kod",
        TEXT,
        gettext_lazy("Kommunkoden (fyra siffror) eller länskoden (två siffror)"),
        "1234",
    ),
    Field("namn", TEXT, gettext_lazy("Kommunen eller regionen som antog planen"), "Exempelby"),
    Field("titel", TEXT, gettext_lazy("Planens titel"), "Biblioteksplan 2024–2027"),
    Field("antagen_av", TEXT, gettext_lazy("Organet som antog planen"), "Kommunfullmäktige"),
    Field("beslutsdatum", DATE, gettext_lazy("Dagen då planen antogs"), "2023-11-27"),
    Field("galler_fran", DATE, gettext_lazy("Planens första giltiga dag"), "2024-01-01"),
    Field(
        "galler_till",
        DATE,
        gettext_lazy("Planens sista giltiga dag, med förlängningar"),
        "2027-12-31",
    ),
    Field(
        "forlangd",
        gettext_lazy("lista av datum (CSV: åtskilda med mellanslag; JSON: en lista)"),
        gettext_lazy("Beslutsdatum för varje förlängning av planen"),
        "2026-10-05",
    ),
    Field(
        "status_idag",
        TEXT,
        gettext_lazy(
            "Ägarens status i dag (gällande, går ut, utgången …), bara på den plan som avgör den"
        ),
        "Gällande",
    ),
    Field(
        "dokument",
        URL,
        gettext_lazy("Planens dokument"),
        "https://…/biblioteksplaner/plan/12/dokument/",
    ),
    Field(
        "licens",
        URL,
        gettext_lazy("Licensen som regionen ger sina öppna data"),
        OpenDataLicence.CC0.url,
    ),
]
NAMES = [field.name for field in FIELDS]


def open_data_regions(request):
    """The register's regions, or only the one named by ?region= (404 for none such)."""
    slug = request.GET.get("region")
    if slug is None:
        return None
    regions = Region.objects.filter(slug=slug)
    if not regions.exists():
        raise Http404
    return regions


def register_records(request):
    """Every plan of the register (or of the region of ?region=), as the open data gives it."""
    for row in queries.register_rows(open_data_regions(request)):
        region = row if row.is_region else row.region
        for plan in row.plans:
            current = row.status.plan is not None and row.status.plan.pk == plan.pk
            yield dict(
                zip(
                    NAMES,
                    [
                        region.name,
                        row.code,
                        row.name,
                        plan.title,
                        plan.get_adopted_by_display(),
                        plan.decision_date.isoformat(),
                        plan.start.isoformat(),
                        plan.end.isoformat(),
                        [e.decision_date.isoformat() for e in plan.extensions.all()],
                        str(row.status.label) if current else "",
                        document_link(request, plan),
                        region.open_data_licence_url,
                    ],
                    strict=True,
                )
            )


def open_data_name(request):
    """The open data's file name: of every region, or of the one asked for."""
    slug = request.GET.get("region")
    return f"biblioteksplaner-{slug}" if slug else "biblioteksplaner"


def register_csv(request):
    rows = [
        [" ".join(value) if name == "forlangd" else value for name, value in record.items()]
        for record in register_records(request)
    ]
    return file_response("csv", open_data_name(request), NAMES, rows)


def register_json(request):
    data = {"biblioteksplaner": list(register_records(request))}
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'inline; filename="{open_data_name(request)}.json"'
    return response


def plan_document(request, pk):
    """The register's documents are public: the plans in it are adopted and approved."""
    plan = get_object_or_404(LibraryPlan, pk=pk)
    return documents.serve(plan.document, plan.title)
