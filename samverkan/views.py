from pathlib import PurePosixPath

from django.contrib import messages
from django.db.models import F, Prefetch, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biblioteksportal import documents
from biblioteksportal.access import readers, staff_only
from biblioteksportal.exports import CELL_HEADERS, cells, table_response
from biblioteksportal.models import Library, Municipality

from . import services
from .choices import RolloutStatus, RuleKind, Weekday
from .forms import BackAndForthForm, PeriodForm, RulesForm
from .hooks import PAGES
from .models import (
    AgreementParty,
    AgreementVersion,
    Decision,
    LendingRule,
    LendingRuleSet,
    Meeting,
    Membership,
    Rollout,
    Route,
    SharedSystem,
    Stop,
    TransferImport,
    WorkGroup,
)


def agreement_queryset(user):
    parties = AgreementParty.objects.select_related("municipality").order_by(
        F("municipality__name").asc(nulls_first=True)
    )
    return (
        AgreementVersion.objects.for_user(user)
        .select_related("region")
        .prefetch_related(Prefetch("parties", queryset=parties))
        .order_by("-created")
    )


@readers
def index(request):
    versions = list(agreement_queryset(request.user))
    agreement = services.current_agreement(versions)
    summary = services.signature_summary(list(agreement.parties.all())) if agreement else None
    context = {"agreement": agreement, "summary": summary, "links": PAGES}
    return render(request, "samverkan/index.html", context)


@readers
def agreement(request):
    versions = list(agreement_queryset(request.user))
    current = services.current_agreement(versions)
    context = {
        "versions": versions,
        "agreement": current,
        "summary": services.signature_summary(list(current.parties.all())) if current else None,
        "renewal_due": current.renewal_due() if current else False,
        "renewal_overdue": current.renewal_overdue() if current else False,
    }
    headers = [_("Part"), _("Status"), _("Datum"), _("Undertecknare")]
    rows = [
        [party.party_name, party.get_status_display(), party.date, party.signatory]
        for party in (current.parties.all() if current else [])
    ]
    return table_response(request, "samverkansavtal", headers, rows) or render(
        request, "samverkan/agreement.html", context
    )


@readers
def agreement_document(request, pk):
    agreement = get_object_or_404(AgreementVersion.objects.for_user(request.user), pk=pk)
    return documents.serve(agreement.document, str(agreement))


@readers
def work_groups(request):
    today = timezone.localdate()
    members = Membership.objects.select_related("person", "municipality")
    decisions = Decision.objects.prefetch_related("activities")
    meetings = Meeting.objects.prefetch_related(Prefetch("decisions", queryset=decisions))
    groups = list(
        WorkGroup.objects.for_user(request.user).prefetch_related(
            Prefetch("members", queryset=members),
            Prefetch("meetings", queryset=meetings),
        )
    )
    for group in groups:
        everyone = list(group.members.all())
        group.current = [m for m in everyone if m.start <= today and (not m.end or m.end >= today)]
        group.former = [m for m in everyone if m.end and m.end < today]
        group.active = not group.end or group.end >= today
    headers = [_("Arbetsgrupp"), _("Medlem"), _("Kommun"), _("Roll"), _("Från"), _("Till och med")]
    rows = [
        [group.name, m.person, m.municipality, m.get_role_display(), m.start, m.end]
        for group in groups
        for m in group.current + group.former
    ]
    return table_response(request, "arbetsgrupper", headers, rows) or render(
        request, "samverkan/work_groups.html", {"groups": groups, "today": today}
    )


@readers
def meeting_minutes(request, pk):
    meetings = Meeting.objects.for_user(request.user).select_related("group")
    meeting = get_object_or_404(meetings, pk=pk)
    return documents.serve(
        meeting.minutes_file, _("Minnesanteckningar %(meeting)s") % {"meeting": meeting}
    )


@readers
def systems(request):
    region = services.user_region(request.user)
    municipalities = list(Municipality.objects.for_user(request.user).order_by("name"))
    rollouts = Rollout.objects.for_user(request.user)
    system_list = list(
        SharedSystem.objects.for_user(request.user).prefetch_related(
            Prefetch("rollouts", queryset=rollouts)
        )
    )
    rows = []
    for system in system_list:
        by_municipality = {r.municipality_id: r for r in system.rollouts.all()}
        cells = [by_municipality.get(m.pk) for m in municipalities]
        live = sum(1 for c in cells if c and c.status == RolloutStatus.LIVE)
        rows.append({"system": system, "cells": cells, "live": live})
    context = {"municipalities": municipalities, "rows": rows, "region": region}
    headers = [_("System"), _("Kommun"), _("Status"), _("Driftstart"), _("Utbildning")]
    matrix = [
        [row["system"].name, m.name]
        + ([c.get_status_display(), c.go_live, c.training] if c else ["", "", ""])
        for row in rows
        for m, c in zip(municipalities, row["cells"], strict=True)
    ]
    return table_response(request, "gemensamma-system", headers, matrix) or render(
        request, "samverkan/systems.html", context
    )


def rule_diff(old, new):
    """(rule label, media type, old value, new value) for every rule that differs."""
    labels = dict(RuleKind.choices)
    before = {(r.kind, r.media_type): r.value for r in old.rules.all()}
    after = {(r.kind, r.media_type): r.value for r in new.rules.all()}
    order = list(RuleKind.values)
    keys = sorted(before.keys() | after.keys(), key=lambda k: (order.index(k[0]), k[1]))
    return [
        (labels[kind], media, before.get((kind, media)), after.get((kind, media)))
        for kind, media in keys
        if before.get((kind, media)) != after.get((kind, media))
    ]


@readers
def lending_rules(request):
    rules = LendingRule.objects.order_by("kind", "media_type")
    rule_sets = list(  # newest first
        LendingRuleSet.objects.for_user(request.user).prefetch_related(
            Prefetch("rules", queryset=rules)
        )
    )
    by_pk = {s.pk: s for s in rule_sets}
    form = RulesForm(request.GET, rule_sets)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    day = data.get("date") or timezone.localdate()
    in_force = next((s for s in rule_sets if s.effective_from <= day), None)
    a, b = by_pk.get(data.get("a")), by_pk.get(data.get("b"))
    if not (a and b) and len(rule_sets) > 1:
        a, b = rule_sets[1], rule_sets[0]
    context = {
        "form": form,
        "day": day,
        "in_force": in_force,
        "a": a,
        "b": b,
        "diff": rule_diff(a, b) if a and b else None,
        "rule_sets": rule_sets,
    }
    shown = [s for s in rule_sets if s in (in_force, a, b)]  # what the diff compares, too
    headers = [
        _("Regler"),
        _("Gäller från"),
        _("Regel"),
        _("Medietyp"),
        _("Värde"),
        _("Anmärkning"),
    ]
    rows = [
        [s.name, s.effective_from, r.get_kind_display(), r.media_type or _("Alla"), r.value, r.note]
        for s in shown
        for r in s.rules.all()
    ]
    return table_response(request, "laneregler", headers, rows) or render(
        request, "samverkan/lending_rules.html", context
    )


@readers
def transports(request):
    today = timezone.localdate()
    stops = Stop.objects.select_related("library")
    routes = list(
        Route.objects.for_user(request.user)
        .filter(start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .prefetch_related(Prefetch("stops", queryset=stops))
    )
    served = {}
    for route in routes:
        for stop in route.stops.all():
            if stop.library_id:
                served.setdefault(stop.library_id, []).append((route, stop))
    labels = dict(Weekday.choices)
    libraries = []
    for library in Library.objects.for_user(request.user).select_related("municipality"):
        visits = served.get(library.pk, [])
        days = sorted({day for route, _stop in visits for day in route.weekdays})
        libraries.append({"library": library, "visits": visits, "days": [labels[d] for d in days]})
    context = {"routes": routes, "libraries": libraries, "today": today}
    headers = [_("Bibliotek"), _("Dagar"), _("Slinga och tid")]
    rows = [
        [
            row["library"].name,
            ", ".join(str(day) for day in row["days"]),
            "; ".join(
                f"{route.name} ({route.carrier})" + (f" {stop.time:%H:%M}" if stop.time else "")
                for route, stop in row["visits"]
            ),
        ]
        for row in libraries
    ]
    return table_response(request, f"transporter-{today}", headers, rows) or render(
        request, "samverkan/transports.html", context
    )


def _bars(months, width=560, height=160):
    """Bar geometry for the per-month SVG chart."""
    peak = max((m["total"] for m in months), default=0) or 1
    step = width / max(len(months), 1)
    return [
        {
            **m,
            "x": round(i * step + 4, 1),
            "w": round(step - 8, 1),
            "h": round(height * m["total"] / peak, 1),
            "y": round(height - height * m["total"] / peak, 1),
        }
        for i, m in enumerate(months)
    ]


@readers
def floating(request):
    region = services.user_region(request.user)
    start, end = services.default_period(region)
    form = PeriodForm(request.GET, services.reasons(region), {"start": start, "end": end})
    values = form.values()
    qs = services.transfers(region, values["start"], values["end"], values["reason"])
    months = services.per_month(qs)
    context = {
        "form": form,
        "values": values,
        "months": _bars(months),
        "totals": {
            key: sum(m[key] for m in months) for key in ("total", "cancelled_n", "unfinished_n")
        },
        "cancellations": services.cancellations(qs),
        "flows": services.flows(qs, region),
    }
    name = f"flytande-bestand-{values['start']}-{values['end']}"
    rows = floating_cells(months, context["cancellations"], context["flows"])
    return table_response(request, name, CELL_HEADERS, rows) or render(
        request, "samverkan/floating.html", context
    )


def floating_cells(months, cancellations, flows):
    """The page's tables, a row per cell: transfers per month, cancellations per reason, the
    matrices, net inflow and the unmapped branch codes."""
    libraries = [lib.name for lib in flows["libraries"]]
    return [
        *cells(
            _("Överföringar per månad"),
            [_("Överföringar"), _("Avbrutna"), _("Inte framme")],
            [
                (f"{m['month']:%Y-%m}", [m["total"], m["cancelled_n"], m["unfinished_n"]])
                for m in months
            ],
        ),
        *cells(
            _("Avbrutna överföringar per orsak"),
            [_("Överföringar")],
            [
                (row["cancellation_reason"] or _("Ingen orsak angiven"), [row["n"]])
                for row in cancellations
            ],
        ),
        *cells(
            _("Från → till per bibliotek"),
            libraries,
            [(lib.name, row) for lib, row in flows["library_rows"]],
        ),
        *cells(_("Från → till per kommun"), flows["municipalities"], flows["municipality_rows"]),
        *cells(
            _("Nettoinflöde per bibliotek"),
            [_("In"), _("Ut"), _("Netto"), _("Avbrutna (skickade)"), _("Inte framme (skickade)")],
            [
                (r["library"].name, [r["in"], r["out"], r["net"], r["cancelled"], r["unfinished"]])
                for r in flows["net"]
            ],
        ),
        *cells(
            _("Filialkoder utan bibliotek"),
            [_("Överföringar")],
            [(c, [n]) for c, n in flows["unmapped"]],
        ),
    ]


@readers
def back_and_forth(request):
    region = services.user_region(request.user)
    start, end = services.default_period(region)
    initial = {"start": start, "end": end, "days": 30}
    form = BackAndForthForm(request.GET, services.reasons(region), initial)
    values = form.values()
    result = services.back_and_forth(
        region, values["start"], values["end"], values["days"], values["reason"]
    )
    context = {"form": form, "values": values, "result": result}
    trips = [_("Returer"), _("Exemplar")]
    rows = [
        *cells(
            _("Per bibliotekspar"),
            [*trips, _("Titlar")],
            [
                (f"{p['a']} → {p['b']}", [p["trips"], p["items"], p["titles"]])
                for p in result["pairs"]
            ],
        ),
        *cells(
            _("Titlar som reser mest"),
            trips,
            [(t["title"], [t["trips"], t["items"]]) for t in result["top"]],
        ),
    ]
    name = f"fram-och-tillbaka-{values['start']}-{values['end']}"
    return table_response(request, name, CELL_HEADERS, rows) or render(
        request, "samverkan/back_and_forth.html", context
    )


def _import(request, pk):
    return get_object_or_404(
        TransferImport.objects.for_user(request.user).select_related("region"), pk=pk
    )


@staff_only
def import_file(request, pk):
    run = _import(request, pk)
    return documents.serve(run.file, PurePosixPath(run.file_name).stem)


@staff_only
def import_detail(request, pk):
    run = _import(request, pk)
    return render(request, "samverkan/import.html", {"run": run})


@staff_only
@require_POST
def import_restart(request, pk):
    run = _import(request, pk)
    if services.restart_import(run):
        messages.success(request, _("Importen startades igen."))
    else:
        messages.error(request, _("Importen går inte att starta igen: den pågår eller är klar."))
    return redirect("samverkan:import", pk=run.pk)


@staff_only
def import_status(request, pk):
    run = _import(request, pk)
    finished = run.finished is not None or run.stalled
    return JsonResponse(
        {
            "status": run.status,
            "status_label": run.get_status_display(),
            "percent": run.percent,
            "rows_read": run.rows_read,
            "rows_added": run.rows_added,
            "bad_rows": run.bad_rows,
            "finished": finished,
        }
    )
