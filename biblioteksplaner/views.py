import csv
import datetime
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from biblioteksportal import caching, documents
from biblioteksportal.access import any_role, readers, role_of
from biblioteksportal.choices import Role
from biblioteksportal.exports import CELL_HEADERS, FORMATS, cells, table_response
from biblioteksportal.models import Municipality, Region

from . import services
from .choices import ANSWERED, EDITABLE_BY_REPORTER, PlanStatus, ReportState
from .forms import ReportForm, ReviewForm
from .models import LibraryPlan, Report, SurveyRound
from .status import grant_eligible, kb_counts_as_current, lacks_plan_in, plan_status

# Reports -------------------------------------------------------------------------------------


@any_role
def my_report(request):
    """The reporter's form in the latest round of their municipality."""
    profile = getattr(request.user, "profile", None)
    if profile is None or profile.municipality_id is None:
        return render(
            request,
            "biblioteksplaner/no_report.html",
            {
                "message": _(
                    "Ditt konto är inte kopplat till någon kommun. Kontakta den regionala "
                    "biblioteksverksamheten så kopplar de kontot till rätt kommun."
                )
            },
            status=403,
        )
    report = (
        Report.objects.for_user(request.user)
        .filter(municipality=profile.municipality_id)
        .order_by("-round__deadline")
        .first()
    )
    if report is None:
        message = _("Det finns ingen uppföljning av biblioteksplaner att svara på just nu.")
        return render(request, "biblioteksplaner/no_report.html", {"message": message})
    return redirect("biblioteksplaner:report", pk=report.pk)


def report_queryset(user):
    return Report.objects.for_user(user).select_related("round", "municipality", "plan")


NOTICES = {
    "sparat": _lazy("Utkastet är sparat."),
    "inskickat": _lazy("Svaret är inskickat."),
    "last": _lazy(
        "Svaret är redan inskickat och är låst tills granskaren skickar tillbaka det. "
        "Inget har ändrats."
    ),
    "tillbaka": _lazy("Svaret är skickat tillbaka till kommunen."),
    "godkant": _lazy("Svaret är godkänt och registret uppdaterat."),
}


def after_post(request, notice):
    """Back to the page with a notice. (The core's message list is announced with role
    status, which strips its list semantics, so the app shows its own notice.)"""
    return redirect(f"{request.path}?meddelande={notice}")


@any_role
def report_detail(request, pk):
    role = role_of(request.user)
    report = get_object_or_404(report_queryset(request.user), pk=pk)
    can_edit = role in (Role.REPORTER, Role.REGIONAL_STAFF) and report.state in EDITABLE_BY_REPORTER
    can_review = role == Role.REGIONAL_STAFF and report.state == ReportState.SUBMITTED
    form = ReportForm(instance=report) if can_edit else None
    review = ReviewForm(initial={"reviewer_comment": report.reviewer_comment})
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if role == Role.LIBRARY_HEAD:
            raise PermissionDenied
        if action in ("save", "submit"):
            if not can_edit:
                return after_post(request, "last")
            form = ReportForm(request.POST, request.FILES, instance=report)
            if form.is_valid():
                try:
                    services.save_report(form, submit=action == "submit")
                    return after_post(request, "inskickat" if action == "submit" else "sparat")
                except ValidationError as error:
                    form.add_error(None, error.messages)  # the input stays in the form
            status = 400
        elif action in ("return", "approve") and role == Role.REGIONAL_STAFF:
            review = ReviewForm(request.POST)
            if review.is_valid():
                try:
                    if action == "return":
                        services.return_report(report, review.cleaned_data["reviewer_comment"])
                        return after_post(request, "tillbaka")
                    services.approve(report, review.cleaned_data["reviewer_comment"])
                    return after_post(request, "godkant")
                except ValidationError as error:
                    review.add_error(None, error.messages)
            status = 400
        else:
            raise PermissionDenied
    context = {
        "report": report,
        "form": form,
        "review": review if can_review else None,
        "role": role,
        "notice": NOTICES.get(request.GET.get("meddelande")),
        "show_reviewer_comment": report.reviewer_comment and role != Role.LIBRARY_HEAD,
    }
    return render(request, "biblioteksplaner/report.html", context, status=status)


@any_role
def report_document(request, pk):
    report = get_object_or_404(report_queryset(request.user), pk=pk)
    return documents.serve(report.document, report.plan_title or str(report.municipality))


def plan_document(request, pk):
    """The register's documents are public: the plans in it are adopted and approved."""
    plan = get_object_or_404(LibraryPlan, pk=pk)
    return documents.serve(plan.document, plan.title)


# Round and county overview -------------------------------------------------------------------


@readers
def round_detail(request, pk):
    survey_round = get_object_or_404(
        SurveyRound.objects.for_user(request.user).prefetch_related(
            Prefetch("reports", queryset=Report.objects.select_related("municipality"))
        ),
        pk=pk,
    )
    rows = [[r.municipality, r.get_state_display()] for r in survey_round.reports.all()]
    return table_response(
        request, f"uppfoljning-{survey_round.pk}", [_("Kommun"), _("Status")], rows
    ) or render(request, "biblioteksplaner/round.html", {"round": survey_round})


def parse_date(value, default):
    try:
        return datetime.date.fromisoformat(value) if value else default
    except ValueError:
        return None


def owners(region_filter, on=None):
    """Each owner (the region, then its municipalities) with its plans and, if `on` is given,
    its latest approved report given by then, in a fixed number of queries."""
    municipalities = Municipality.objects.order_by("name")
    if on:
        municipalities = municipalities.prefetch_related(
            Prefetch("plan_reports", queryset=Report.latest_answers(on), to_attr="approved_reports")
        )
    regions = list(
        Region.objects.filter(region_filter)
        .order_by("name")
        .prefetch_related(
            Prefetch(
                "library_plans",
                queryset=LibraryPlan.objects.select_related("municipality", "region")
                .prefetch_related("extensions")
                .order_by("start"),
                to_attr="all_plans",
            ),
            Prefetch("municipalities", queryset=municipalities),
        )
    )
    rows = []
    for region in regions:
        by_owner = {}
        for plan in region.all_plans:
            by_owner.setdefault(plan.municipality_id, []).append(plan)
        region.plans = by_owner.get(None, [])
        region.report = None
        region.is_region = True
        rows.append(region)
        for municipality in region.municipalities.all():
            municipality.plans = by_owner.get(municipality.pk, [])
            latest = getattr(municipality, "approved_reports", None)
            municipality.report = latest[0] if latest else None
            municipality.is_region = False
            municipality.region = region
            rows.append(municipality)
    return rows


@readers
def overview(request):
    today = timezone.localdate()
    on = parse_date(request.GET.get("datum"), today)
    try:
        year = int(request.GET.get("ar") or today.year + 1)
        if not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        year = None
    errors = {}
    if on is None:
        errors["datum"] = _("Ange ett datum som ÅÅÅÅ-MM-DD.")
        on = today
    if year is None:
        errors["ar"] = _("Ange ett år mellan 2000 och 2100.")
        year = today.year + 1
    profile = getattr(request.user, "profile", None)
    region_filter = Q(pk=profile.region_id) if profile else Q()
    rows = owners(region_filter, on)
    counts = dict.fromkeys(PlanStatus, 0)
    for row in rows:
        row.status = plan_status(row.plans, on, row.report)
        row.kb_current = kb_counts_as_current(row.plans, on.year)
        row.grant = grant_eligible(row.plans, on, row.report)
        row.lacks = lacks_plan_in(row.plans, year)
        if not row.is_region:
            counts[row.status.code] += 1
    rounds = (
        SurveyRound.objects.for_user(request.user)
        .annotate(
            total=Count("reports"),
            answered=Count("reports", filter=Q(reports__state__in=ANSWERED)),
        )
        .order_by("-deadline")
    )
    context = {
        "on": on,
        "year": year,
        "errors": errors,
        "rows": rows,
        "counts": [(code, code.label, counts[code]) for code in PlanStatus],
        "lacking": [row for row in rows if row.lacks],
        "rounds": rounds,
        "timeline": timeline(rows, on),
    }
    return table_response(
        request, f"biblioteksplaner-{on}", CELL_HEADERS, overview_cells(context)
    ) or render(request, "biblioteksplaner/overview.html", context)


def overview_cells(context):
    """The overview's tables, a row per cell: each owner's status, the counts per status,
    the plans' validity and the rounds' answers."""
    yes_no = {True: _("Ja"), False: _("Nej")}
    owners = [
        (
            row.name,
            [
                row.status.label,
                row.status.expected,
                row.status.plan.title if row.status.plan else "",
                row.status.plan.start if row.status.plan else "",
                row.status.plan.end if row.status.plan else "",
                yes_no[row.kb_current],
                yes_no[row.grant],
                yes_no[row.lacks],
            ],
        )
        for row in context["rows"]
    ]
    columns = [
        _("Status"),
        _("Väntas antas"),
        _("Plan"),
        _("Gäller från"),
        _("Gäller till och med"),
        _("Aktuell enligt KB:s räkning"),
        _("Uppfyller bidragsvillkoret (Stärkta bibliotek)"),
        _("Saknar giltig plan under hela %(year)s") % {"year": context["year"]},
    ]
    plans = [
        (f"{row.name}: {plan.title}", [plan.start, plan.end, extensions(plan)])
        for row in context["rows"]
        for plan in row.plans
    ]
    rounds = [(str(r), [r.deadline, r.answered, r.total]) for r in context["rounds"]]
    return [
        *cells(_("Status %(on)s") % {"on": context["on"]}, columns, owners),
        *cells(
            _("Antal per status"),
            [_("Antal kommuner")],
            [(label, [n]) for _code, label, n in context["counts"]],
        ),
        *cells(_("Planernas giltighet"), [_("Från"), _("Till och med"), _("Förlängd")], plans),
        *cells(
            _("Svarsfrekvens per uppföljning"),
            [_("Sista svarsdag"), _("Svar"), _("Kommuner")],
            rounds,
        ),
    ]


def extensions(plan):
    return ", ".join(f"{e.previous_end} → {e.new_end}" for e in plan.extensions.all())


def timeline(rows, on):
    """Geometry of the SVG timeline: a row per owner, a bar per plan over the years."""
    plans = [plan for row in rows for plan in row.plans]
    if not plans:
        return None
    first = min(p.start.year for p in plans)
    last = max(p.end.year for p in plans)
    years = list(range(first, last + 1))
    label_width, year_width, row_height = 150, 60, 24
    width = label_width + year_width * len(years)

    def x(day):
        return label_width + year_width * (day.year - first + (day.timetuple().tm_yday - 1) / 366)

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


# The public register ---------------------------------------------------------------------------


def register_rows(region_filter=None):
    today = timezone.localdate()
    rows = owners(region_filter or Q())
    for row in rows:
        row.status = plan_status(row.plans, today)
    return rows


def document_link(request, plan):
    """The plan's document: the register's own copy, or the link it was registered with."""
    if plan.document:
        url = reverse("biblioteksplaner:plan-document", args=[plan.pk])
        return request.build_absolute_uri(url)
    return plan.document_url


def plan_cells(request, plan):
    """A plan in the register's download: title, validity, adoption and document."""
    if plan is None:
        return [""] * 6
    return [
        plan.title,
        plan.start,
        plan.end,
        plan.get_adopted_by_display(),
        plan.decision_date,
        document_link(request, plan),
    ]


def register(request):
    if request.GET.get("format") not in FORMATS:
        context = {"rows": SimpleLazyObject(register_rows), "fragment": caching.fragment(request)}
        return render(request, "biblioteksplaner/register.html", context)
    rows = register_rows()
    headers = [
        _("Kommun eller region"),
        _("Kod"),
        _("Status"),
        _("Plan"),
        _("Gäller från"),
        _("Gäller till och med"),
        _("Antagen av"),
        _("Beslutsdatum"),
        _("Dokument"),
    ]
    table = [
        [row.name, row.code, row.status.label, *plan_cells(request, row.status.plan)]
        for row in rows
    ]
    return table_response(request, f"biblioteksplaner-{timezone.localdate()}", headers, table)


def register_owner(request, code):
    """One owner's history of plans: a municipality by its code, or a region by its code."""
    in_region = Q(code=code) | Q(pk__in=Municipality.objects.filter(code=code).values("region"))
    rows = [row for row in register_rows(in_region) if row.code == code]
    if not rows:
        raise Http404
    headers = [
        _("Plan"),
        _("Antagen av"),
        _("Beslutsdatum"),
        _("Gäller från"),
        _("Gäller till och med"),
        _("Förlängningar"),
        _("Dokument"),
    ]
    table = [
        [plan.title, plan.get_adopted_by_display(), plan.decision_date, plan.start, plan.end]
        + [
            "; ".join(
                _("%(body)s %(date)s: till %(end)s")
                % {"body": e.get_adopted_by_display(), "date": e.decision_date, "end": e.new_end}
                for e in plan.extensions.all()
            ),
            document_link(request, plan),
        ]
        for plan in rows[0].plans
    ]
    row = rows[0]
    region = row if row.is_region else row.region
    return table_response(request, f"biblioteksplaner-{code}", headers, table) or render(
        request, "biblioteksplaner/register_owner.html", {"row": row, "region": region}
    )


FIELDS = [
    "region",
    "kod",
    "namn",
    "titel",
    "antagen_av",
    "beslutsdatum",
    "galler_fran",
    "galler_till",
    "forlangd",
    "status_idag",
    "dokument",
]


def register_records(request):
    for row in register_rows():
        for plan in row.plans:
            current = row.status.plan is not None and row.status.plan.pk == plan.pk
            yield dict(
                zip(
                    FIELDS,
                    [
                        row.name if row.is_region else row.region.name,
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
                    ],
                    strict=True,
                )
            )


def register_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="biblioteksplaner.csv"'
    writer = csv.DictWriter(response, fieldnames=FIELDS)
    writer.writeheader()
    for record in register_records(request):
        writer.writerow({**record, "forlangd": " ".join(record["forlangd"])})
    return response


def register_json(request):
    data = {"biblioteksplaner": list(register_records(request))}
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'inline; filename="biblioteksplaner.json"'
    return response
