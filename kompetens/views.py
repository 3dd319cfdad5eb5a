import calendar
import csv
from collections import defaultdict
from datetime import date

import icalendar
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from weasyprint import HTML

from biblioteksportal import publicforms
from biblioteksportal.access import readers, role_of, staff_only
from biblioteksportal.choices import Role
from biblioteksportal.exports import CELL_HEADERS, table_response
from biblioteksportal.models import Library, Municipality, Region

from . import services, stats
from .choices import DigComp, RegistrationStatus
from .forms import CompareForm, ImportForm, PublicRegistrationForm, RegistrationForm
from .models import AssessmentRound, Grant, Registration, TrainingEvent, Workshop


def base_url(request):
    return request.build_absolute_uri("/")


def events_queryset(user=None):
    """Events with organiser and the places taken, in date order: all, or the ones of the
    user's region."""
    events = TrainingEvent.objects.for_user(user) if user else TrainingEvent.objects.all()
    # the explicit order: a query with GROUP BY does not use the model's Meta.ordering
    return (
        events.select_related("organiser")
        .annotate(
            taken=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            )
        )
        .order_by("start", "pk")
    )


# The public calendar -----------------------------------------------------------------------


def checked_year(year):
    """The year as a number, or 404 for what no calendar has."""
    if not str(year).isdigit() or not 2000 <= int(year) <= 2100:
        raise Http404
    return int(year)


def event_table(request, filename, events):
    """The download of a list of events: when, what, where and the places taken."""
    headers = [
        _("Början"),
        _("Slut"),
        _("Utbildning"),
        _("Typ"),
        _("Plats"),
        _("Status"),
        _("Bokade platser"),
        _("Platser"),
    ]
    rows = [
        [
            f"{timezone.localtime(event.start):%Y-%m-%d %H:%M}",
            f"{timezone.localtime(event.end):%Y-%m-%d %H:%M}",
            event.title,
            event.get_kind_display(),
            event.place or _("Digitalt"),
            event.get_status_display(),
            event.taken,
            event.capacity,
        ]
        for event in events
    ]
    return table_response(request, filename, headers, rows)


def event_list(request, region):
    region = get_object_or_404(Region, slug=region)
    year = checked_year(request.GET.get("ar") or timezone.localdate().year)
    today = timezone.localdate()
    events = events_queryset().filter(region=region, start__year=year)
    context = {
        "region": region,
        "events": events,
        "year": year,
        # the month view opens on the year shown: this month, or the year's first
        "month": today.month if year == today.year else 1,
    }
    return event_table(request, f"utbildningar-{region.slug}-{year}", events) or render(
        request, "kompetens/event_list.html", context
    )


def event_month(request, region, year, month):
    region = get_object_or_404(Region, slug=region)
    if not 1 <= month <= 12:
        raise Http404
    year = checked_year(year)
    by_day = defaultdict(list)
    events = events_queryset().filter(region=region, start__year=year, start__month=month)
    for event in events:
        by_day[timezone.localtime(event.start).date()].append(event)
    weeks = [
        [(day, by_day[day] if day.month == month else []) for day in week]
        for week in calendar.Calendar().monthdatescalendar(year, month)
    ]
    first = date(year, month, 1)
    previous = date(year - 1, 12, 1) if month == 1 else date(year, month - 1, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    context = {
        "region": region,
        "weeks": weeks,
        "month_name": date_format(first, "F Y"),
        "first": first,
        "previous": previous,
        "following": following,
        "weekdays": [
            _("Måndag"),
            _("Tisdag"),
            _("Onsdag"),
            _("Torsdag"),
            _("Fredag"),
            _("Lördag"),
            _("Söndag"),
        ],
    }
    return event_table(request, f"utbildningar-{region.slug}-{first:%Y-%m}", events) or render(
        request, "kompetens/event_month.html", context
    )


def event_detail(request, pk):
    queryset = events_queryset().select_related("region").prefetch_related("partners", "topics")
    event = get_object_or_404(queryset, pk=pk)
    libraries = Library.objects.filter(region=event.region_id).order_by("name")
    form = PublicRegistrationForm(request.POST or None, libraries=libraries)
    verdict = form.screen(request) if request.method == "POST" else None
    if verdict == publicforms.BOT:
        return redirect("kompetens:event", pk=event.pk)
    if verdict == publicforms.ACCEPTED:
        try:
            registration = services.register(event, base_url=base_url(request), **form.cleaned_data)
        except services.RegistrationError as error:
            form.add_error(error.field, str(error))
        else:
            if registration.status == RegistrationStatus.CONFIRMED:
                message = _("Du har fått en plats. En bekräftelse har skickats till %(email)s.")
            else:
                message = _(
                    "Tillfället är fullt och du står på reservlistan. "
                    "Ett meddelande har skickats till %(email)s."
                )
            messages.success(request, message % {"email": registration.email})
            return redirect("kompetens:event", pk=event.pk)
    context = {
        "event": event,
        "region": event.region,
        "form": form,
        "open": is_open(event),
        "left": max(event.capacity - event.taken, 0),
        "reader": role_of(request.user) in (Role.REGIONAL_STAFF, Role.LIBRARY_HEAD),
    }
    return render(request, "kompetens/event_detail.html", context, status=form.status)


def is_open(event):
    now = timezone.now()
    deadline = event.registration_deadline or event.start
    return not event.is_cancelled and now <= deadline and now < event.start


# iCalendar ---------------------------------------------------------------------------------


def ical_event(event, request):
    url = request.build_absolute_uri(reverse("kompetens:event", args=[event.pk]))
    item = icalendar.Event()
    item.add("uid", f"kompetens-{event.pk}@{request.get_host()}")
    item.add("dtstamp", event.modified)
    item.add("dtstart", event.start)
    item.add("dtend", event.end)
    item.add("summary", event.title)
    item.add("location", event.place or event.online_url)
    item.add("description", event.description)
    item.add("url", url)
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return item


def ical_response(region, events, request, filename):
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{region.unit_name or region.name}//Digital kompetens//SV")
    cal.add("version", "2.0")
    calname = _("Utbildningar i digital kompetens, %(region)s") % {"region": region.name}
    cal.add("x-wr-calname", calname)
    for event in events:
        cal.add_component(ical_event(event, request))
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def calendar_feed(request, region):
    region = get_object_or_404(Region, slug=region)
    events = TrainingEvent.objects.filter(region=region)
    return ical_response(region, events, request, f"utbildningar-{region.slug}.ics")


def event_ics(request, pk):
    event = get_object_or_404(TrainingEvent.objects.select_related("region"), pk=pk)
    return ical_response(event.region, [event], request, f"utbildning-{event.pk}.ics")


# A registrant's own page, through the personal link ----------------------------------------


def own_registration(token):
    queryset = Registration.objects.select_related("event__region", "library")
    registration = services.registration_from_token(token, queryset)
    if registration is None:
        raise Http404
    return registration


def registration_detail(request, token):
    registration = own_registration(token)
    status = 200
    if request.method == "POST":
        try:
            services.cancel(registration, base_url=base_url(request))
        except services.RegistrationError as error:
            messages.error(request, str(error))
            status = 409
        else:
            messages.success(request, _("Din anmälan är avbokad."))
            return redirect("kompetens:registration", token=token)
    context = {
        "registration": registration,
        "event": registration.event,
        "region": registration.event.region,
        "token": token,
        "can_cancel": services.cancel_refusal(registration, registration.event) is None,
    }
    return render(request, "kompetens/registration_detail.html", context, status=status)


def certificate(request, token):
    registration = own_registration(token)
    if not registration.attended:
        raise Http404
    html = render_to_string(
        "kompetens/certificate.html",
        {"registration": registration, "event": registration.event},
        request=request,
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="intyg-{registration.event_id}.pdf"'
    return response


# Participants, for regional staff and library heads -----------------------------------------


def own_municipality(user):
    """The municipality a library head is bound to; None for regional staff (all)."""
    return user.profile.municipality if role_of(user) == Role.LIBRARY_HEAD else None


@readers
def participants(request, pk):
    event = get_object_or_404(events_queryset(request.user), pk=pk)
    municipality = own_municipality(request.user)
    registrations = Registration.objects.for_user(request.user).filter(event=event)
    libraries = Library.objects.for_user(request.user).order_by("name")
    if municipality:
        registrations = registrations.filter(library__municipality=municipality)
        libraries = libraries.filter(municipality=municipality)
    registrations = registrations.select_related("library")
    form = RegistrationForm(
        request.POST if "register" in request.POST else None, libraries=libraries
    )
    if form.is_bound and form.is_valid():
        try:
            registration = services.register(
                event, base_url=base_url(request), registered_by=request.user, **form.cleaned_data
            )
        except services.RegistrationError as error:
            form.add_error(error.field, str(error))
        else:
            if registration.status == RegistrationStatus.WAITING:
                message = _("Tillfället är fullt: %(name)s står på väntelistan, plats %(place)d.")
                place = services.waiting_place(registration)
                messages.success(request, message % {"name": registration.name, "place": place})
            else:
                messages.success(request, _("%(name)s är anmäld.") % {"name": registration.name})
            return redirect("kompetens:participants", pk=event.pk)
    if "cancel" in request.POST:
        value = request.POST["cancel"]
        registration = get_object_or_404(registrations, pk=value if value.isdigit() else None)
        try:
            services.cancel(registration, base_url=base_url(request))
        except services.RegistrationError as error:
            messages.error(request, str(error))
        else:
            message = _("Anmälan för %(name)s är avbokad.")
            messages.success(request, message % {"name": registration})
        return redirect("kompetens:participants", pk=event.pk)
    may_mark = municipality is None and event.start <= timezone.now()
    if "attendance" in request.POST:
        if not may_mark:
            raise PermissionDenied
        ids = [int(value) for value in request.POST.getlist("attended") if value.isdigit()]
        services.mark_attendance(event, ids)
        messages.success(request, _("Närvaron är sparad."))
        return redirect("kompetens:participants", pk=event.pk)
    context = {
        "event": event,
        "registrations": registrations,
        "form": form,
        "open": is_open(event),
        "may_mark": may_mark,
        "municipality": municipality,
    }
    headers = [_("Namn"), _("E-post"), _("Bibliotek"), _("Status"), _("Deltog")]
    rows = [
        [str(r), r.email, r.library, r.get_status_display(), _("Ja") if r.attended else _("Nej")]
        for r in registrations
    ]
    return table_response(request, f"deltagare-{event.pk}", headers, rows) or render(
        request, "kompetens/participants.html", context
    )


@readers
def statistics(request, year):
    year = checked_year(year)
    events = TrainingEvent.objects.for_user(request.user).filter(start__year=year)
    attended = Registration.objects.filter(event__in=events, attended=True)
    per_event = defaultdict(list)
    for row in (
        attended.values("event", "library__municipality__name")
        .annotate(n=Count("pk"))
        .order_by("library__municipality__name")
    ):
        per_event[row["event"]].append(row)
    events = list(events.annotate(n=Count("registrations", filter=Q(registrations__attended=True))))
    for event in events:
        event.per_municipality = per_event[event.pk]
    per_library = (
        attended.values("library__municipality__name", "library__name")
        .annotate(n=Count("pk"))
        .order_by("library__municipality__name", "library__name")
    )
    context = {
        "year": year,
        "events": events,
        "per_library": per_library,
        "total": sum(event.n for event in events),
    }
    region, per_event = _("Regionens bibliotek"), _("Per utbildningstillfälle och kommun")
    rows = []
    for event in events:
        rows.append([per_event, str(event), _("Deltagare"), event.n])
        rows += [
            [per_event, str(event), r["library__municipality__name"] or region, r["n"]]
            for r in event.per_municipality
        ]
    rows += [
        [_("Per kommun och bibliotek"), r["library__municipality__name"] or region]
        + [r["library__name"], r["n"]]
        for r in per_library
    ]
    return table_response(request, f"deltagare-{year}", CELL_HEADERS, rows) or render(
        request, "kompetens/statistics.html", context
    )


# The self-assessment -------------------------------------------------------------------------


@readers
def round_list(request):
    rounds = AssessmentRound.objects.for_user(request.user).annotate(
        n=Count("responses", distinct=True), workshops_n=Count("workshops", distinct=True)
    )
    form = CompareForm(rounds=AssessmentRound.objects.for_user(request.user))
    headers = [_("Omgång"), _("Genomförd"), _("Antal svar"), _("Workshoppar (kommuner)")]
    rows = [[r.name, r.held, r.n, r.workshops_n] for r in rounds]
    return table_response(request, "sjalvskattningar", headers, rows) or render(
        request, "kompetens/round_list.html", {"rounds": rounds, "form": form}
    )


def region_municipalities(round):
    return Municipality.objects.filter(region=round.region_id).order_by("name")


RESULT_HEADERS = [
    _lazy("Kommun"),
    _lazy("Område"),
    _lazy("Medelvärde"),
    _lazy("Spridning"),
    _lazy("Antal svar"),
]


@readers
def round_results(request, pk):
    round = get_object_or_404(AssessmentRound.objects.for_user(request.user), pk=pk)
    results = stats.round_results(round, region_municipalities(round))
    chart = [
        {"label": label, "mean": cell["mean"], "y": i * 26, "width": round_px(cell["mean"])}
        for i, (label, cell) in enumerate(zip(results["areas"], results["county"], strict=True))
        if cell and not cell["hidden"]
    ]
    context = {
        "round": round,
        "min_group": stats.MIN_GROUP,
        "chart": chart,
        "chart_height": len(chart) * 26,
        "statements": stats.statements(round, results["shown"]),
        **results,
    }
    rows = stats.result_rows(results)
    return table_response(request, f"sjalvskattning-{round.pk}", RESULT_HEADERS, rows) or render(
        request, "kompetens/round_results.html", context
    )


def round_px(mean):
    """A bar's length in the chart: the scale's 7 is 280 pixels."""
    return int(mean / 7 * 280)


@readers
def round_export(request, pk):
    round = get_object_or_404(AssessmentRound.objects.for_user(request.user), pk=pk)
    results = stats.round_results(round, region_municipalities(round))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sjalvskattning-{round.pk}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with a byte order mark, decimal commas
    writer = csv.writer(response, delimiter=";")
    writer.writerow(RESULT_HEADERS)
    for name, area, mean, spread, n in stats.result_rows(results):
        decimals = ("" if v is None else f"{v:.2f}".replace(".", ",") for v in (mean, spread))
        writer.writerow([name, area, *decimals, n])
    return response


@staff_only
def round_import(request, pk):
    round = get_object_or_404(AssessmentRound.objects.for_user(request.user), pk=pk)
    if "undo" in request.POST:
        value = request.POST["undo"]
        source = get_object_or_404(round.imports, pk=value if value.isdigit() else None)
        n = source.responses.count()
        source.delete()
        message = _("Importen %(import)s är borttagen med sina %(n)d svar.")
        messages.success(request, message % {"import": source, "n": n})
        return redirect("kompetens:round-import", pk=round.pk)
    bound = request.method == "POST"
    form = ImportForm(request.POST if bound else None, request.FILES if bound else None)
    result = None
    if bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            imported, errors = services.import_responses(
                round, upload.read(), file_name=upload.name, user=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            result = {"imported": imported, "errors": errors}
    codes = round.statements.values_list("code", flat=True)
    imports = round.imports.select_related("created_by").annotate(n=Count("responses"))
    context = {"round": round, "form": form, "result": result, "codes": codes, "imports": imports}
    return render(request, "kompetens/round_import.html", context)


@readers
def round_compare(request):
    rounds = AssessmentRound.objects.for_user(request.user)
    form = CompareForm(request.GET or None, rounds=rounds)
    rows = None
    if form.is_valid():
        before, after = form.cleaned_data["before"], form.cleaned_data["after"]
        municipalities = region_municipalities(after)
        rows = stats.compare(
            stats.round_results(before, municipalities),
            stats.round_results(after, municipalities),
        )
    context = {"form": form, "rows": rows, "areas": DigComp.labels}
    headers = [_("Kommun"), _("Område"), _("Före"), _("Efter"), _("Förändring")]
    table = [
        [row["municipality"].name, area]
        + (
            [_("visas inte"), "", ""]
            if c["change"] is None
            else [
                round(c["before"]["mean"], 2),
                round(c["after"]["mean"], 2),
                round(c["change"], 2),
            ]
        )
        for row in rows or []
        for area, c in zip(DigComp.labels, row["changes"], strict=True)
    ]
    return table_response(request, "jamforelse", headers, table) or render(
        request, "kompetens/round_compare.html", context
    )


@readers
def workshops(request, pk):
    round = get_object_or_404(AssessmentRound.objects.for_user(request.user), pk=pk)
    held = {
        w.municipality_id: w for w in Workshop.objects.filter(round=round).select_related("event")
    }
    municipalities = list(region_municipalities(round))
    done = [(m, held[m.pk]) for m in municipalities if m.pk in held]
    waiting = [m for m in municipalities if m.pk not in held]
    context = {"round": round, "done": done, "waiting": waiting, "total": len(municipalities)}
    headers = [_("Kommun"), _("Har haft workshop"), _("Utbildningstillfälle"), _("Teman")]
    rows = [
        [m.name, _("Ja"), w.event or "", ", ".join(str(t) for t in w.theme_labels)] for m, w in done
    ] + [[m.name, _("Nej"), "", ""] for m in waiting]
    return table_response(request, f"workshoppar-{round.pk}", headers, rows) or render(
        request, "kompetens/workshops.html", context
    )


# Grants ----------------------------------------------------------------------------------------


@readers
def grants(request):
    grants = list(
        Grant.objects.for_user(request.user)
        .select_related("funder", "area")
        .prefetch_related("spending")
    )
    for grant in grants:
        grant.spent = sum(entry.amount for entry in grant.spending.all())
        grant.remaining = grant.amount - grant.spent
    headers = [
        _("Bidrag"),
        _("Bidragsgivare"),
        _("Från"),
        _("Till"),
        _("Belopp (kr)"),
        _("Förbrukat (kr)"),
        _("Återstår (kr)"),
        _("Utgift, datum"),
        _("Avser"),
        _("Utgift (kr)"),
    ]
    rows = [
        [g.programme, g.funder, g.start, g.end, g.amount, g.spent, g.remaining]
        + ([e.date, e.description, e.amount] if e else ["", "", ""])
        for g in grants
        for e in list(g.spending.all()) or [None]
    ]
    return table_response(request, "bidrag", headers, rows) or render(
        request, "kompetens/grants.html", {"grants": grants}
    )
