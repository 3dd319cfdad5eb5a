"""For regional staff and library heads: an event's participants, the participants of a year,
and the grants."""

from operator import itemgetter

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from biblioteksportal.access import readers
from biblioteksportal.tables import CELL_HEADERS, Column, Table, respond

from .. import queries, services
from ..choices import RegistrationStatus
from ..forms import YEARS, RegistrationForm
from . import base_url, is_open


def registration_tables(registrations, may_mark, cancellable):
    """(page, download) of an event's participants, from one column list: on the page
    "Deltog" is a checkbox where attendance may be marked, and while the event takes
    registrations an "Avboka" column (page only) has a button per registration."""

    def attended_box(registration):
        if not may_mark or registration.status != RegistrationStatus.CONFIRMED:
            return None
        return format_html(
            '<input type="checkbox" name="attended" value="{}" id="attended-{}" aria-label="{}"{}>',
            registration.pk,
            registration.pk,
            _("%(registration)s deltog") % {"registration": registration},
            " checked" if registration.attended else "",
        )

    def cancel_button(registration):
        if registration.status == RegistrationStatus.CANCELLED:
            return ""
        return format_html(
            '<button type="submit" name="cancel" value="{}" aria-label="{}">{}</button>',
            registration.pk,
            _("Avboka %(registration)s") % {"registration": registration},
            _("Avboka"),
        )

    columns = [
        Column(_("Namn"), str),
        Column(_("E-post"), "email"),
        Column(_("Bibliotek"), "library"),
        Column(_("Status"), lambda r: r.get_status_display()),
        Column(_("Deltog"), "attended", html=attended_box),
    ]
    download = Table(columns, registrations)
    if cancellable:
        columns = [*columns, Column(_("Avboka"), lambda r: None, html=cancel_button)]
    page = Table(columns, download.objects, caption=_("Anmälda"))
    return page, download


@readers
def participants(request, pk):
    event = get_object_or_404(queries.events_queryset(request.user), pk=pk)
    municipality = queries.own_municipality(request.user)
    registrations, libraries = queries.event_registrations(event, request.user)
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
                place = queries.waiting_place(registration)
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
        offered = services.mark_attendance(event, ids, base_url=base_url(request))
        message = ngettext(
            "Närvaron är sparad. %(n)d deltagare har fått e-post med sitt intyg.",
            "Närvaron är sparad. %(n)d deltagare har fått e-post med sina intyg.",
            len(offered),
        )
        messages.success(request, message % {"n": len(offered)})
        return redirect("kompetens:participants", pk=event.pk)
    cancellable = is_open(event)
    table, download = registration_tables(registrations, may_mark, cancellable)
    context = {
        "event": event,
        "table": table,
        "form": form,
        "open": cancellable,
        "may_mark": may_mark,
        "municipality": municipality,
    }
    filename = f"deltagare-{event.pk}"
    return respond(request, "kompetens/participants.html", context, filename, download)


def municipality_name(row):
    return row["library__municipality__name"] or _("Regionens bibliotek")


def participation_cells(by_event, by_library):
    """The download of the year's participants, as it has always been: a row per figure of
    the page's two tables (each event's participants per municipality rather than as text)."""
    rows = []
    for event in by_event.objects:
        rows.append([by_event.caption, str(event), _("Deltagare"), event.n])
        rows += [
            [by_event.caption, str(event), municipality_name(r), r["n"]]
            for r in event.per_municipality
        ]
    rows += [
        [by_library.caption, municipality_name(r), r["library__name"], r["n"]]
        for r in by_library.objects
    ]
    return Table([Column(header, itemgetter(i)) for i, header in enumerate(CELL_HEADERS)], rows)


@readers
def statistics(request, year):
    if year not in YEARS:
        raise Http404
    events, per_library = queries.participation(year, request.user)
    by_event = Table(
        [
            Column(
                _("Utbildning"),
                str,
                link=lambda event: reverse("kompetens:participants", args=[event.pk]),
            ),
            Column(_("Deltagare"), "n", numeric=True),
            Column(
                _("Per kommun"),
                lambda event: (
                    ", ".join(f"{municipality_name(r)} {r['n']}" for r in event.per_municipality)
                    or None
                ),
            ),
        ],
        events,
        caption=_("Per utbildningstillfälle och kommun"),
        empty=_("Inga utbildningar detta år."),
    )
    by_library = Table(
        [
            Column(_("Kommun"), municipality_name),
            Column(_("Bibliotek"), itemgetter("library__name")),
            Column(_("Deltagare"), itemgetter("n"), numeric=True),
        ],
        per_library,
        caption=_("Per kommun och bibliotek"),
        empty=_("Inga deltagare detta år."),
    )
    context = {
        "year": year,
        "tables": [by_event, by_library],
        "total": sum(event.n for event in events),
    }
    download = participation_cells(by_event, by_library)
    return respond(request, "kompetens/statistics.html", context, f"deltagare-{year}", download)


@readers
def grants(request):
    grants = queries.grants(request.user)
    # rows (grant, spending entry or None): the page shows each grant with a table of its
    # entries, the download a row per entry
    entry_columns = [
        Column(_("Utgift, datum"), lambda row: row[1] and row[1].date),
        Column(_("Avser"), lambda row: row[1] and row[1].description),
        Column(
            _("Utgift (kr)"),
            lambda row: row[1] and row[1].amount,
            html=lambda row: floatformat(row[1].amount, "0g"),
            numeric=True,
        ),
    ]
    sections = [
        (
            grant,
            Table(
                entry_columns,
                [(grant, entry) for entry in grant.spending.all()],
                caption=_("Utgifter"),
                empty=_("Inga utgifter registrerade."),
            ),
        )
        for grant in grants
    ]
    entries = [(g, e) for g in grants for e in list(g.spending.all()) or [None]]
    table = Table(
        [
            Column(_("Bidrag"), lambda row: row[0].programme),
            Column(_("Bidragsgivare"), lambda row: row[0].funder),
            Column(_("Från"), lambda row: row[0].start),
            Column(_("Till"), lambda row: row[0].end),
            Column(_("Belopp (kr)"), lambda row: row[0].amount),
            Column(_("Förbrukat (kr)"), lambda row: row[0].spent),
            Column(_("Återstår (kr)"), lambda row: row[0].remaining),
            *entry_columns,
        ],
        entries,
    )
    return respond(request, "kompetens/grants.html", {"sections": sections}, "bidrag", table)
