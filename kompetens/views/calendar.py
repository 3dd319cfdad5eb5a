"""The public calendar of a region: the list of a year, the month view, iCalendar files."""

import calendar
from collections import defaultdict
from datetime import date, timedelta

import icalendar
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from biblioteksportal import caching
from biblioteksportal.models import Region
from biblioteksportal.tables import Column, Table, respond

from ..forms import YEARS, YearFilter
from ..models import TrainingEvent
from ..queries import events_queryset

WEEKDAYS = [
    gettext_lazy("Måndag"),
    gettext_lazy("Tisdag"),
    gettext_lazy("Onsdag"),
    gettext_lazy("Torsdag"),
    gettext_lazy("Fredag"),
    gettext_lazy("Lördag"),
    gettext_lazy("Söndag"),
]


def event_table(events, caption="", empty=""):
    """A list of events: when, what (linked to its page), where and the places taken. (The
    month page shows them as a calendar, its own HTML, and downloads this table.)"""
    return Table(
        [
            Column(_("Början"), "start"),
            Column(_("Slut"), "end"),
            Column(
                _("Utbildning"), "title", link=lambda e: reverse("kompetens:event", args=[e.pk])
            ),
            Column(_("Typ"), lambda event: event.get_kind_display()),
            Column(_("Plats"), lambda event: event.place or _("Digitalt")),
            Column(_("Status"), lambda event: event.get_status_display(), html=cancelled),
            Column(_("Bokade platser"), "taken", html=booked, numeric=True),
            Column(_("Platser"), "capacity", numeric=True),
        ],
        events,
        caption=caption,
        empty=empty,
    )


def cancelled(event):
    """A cancelled event's status marked as such on the page."""
    if event.is_cancelled:
        return format_html(
            '<span class="status status-cancelled">{}</span>', event.get_status_display()
        )
    return None


def booked(event):
    if event.is_cancelled:
        return "–"
    return _("%(taken)s av %(capacity)s bokade") % {
        "taken": event.taken,
        "capacity": event.capacity,
    }


def event_list(request, region):
    region = get_object_or_404(Region, slug=region)
    form = YearFilter(request.GET)
    year = form.values()["ar"]
    today = timezone.localdate()
    table = event_table(
        events_queryset().filter(region=region, start__year=year),
        caption=_("Utbildningstillfällen %(year)s") % {"year": year},
        empty=_("Inga utbildningar %(year)s.") % {"year": year},
    )
    context = {
        "region": region,
        "form": form,
        "table": table,
        "year": year,
        # the month view opens on the year shown: this month, or the year's first
        "month": today.month if year == today.year else 1,
        "fragment": SimpleLazyObject(lambda: caching.fragment(request, region.pk)),
    }
    filename = f"utbildningar-{region.slug}-{year}"
    return respond(request, "kompetens/event_list.html", context, filename, table)


def event_month(request, region, year, month):
    region = get_object_or_404(Region, slug=region)
    if not 1 <= month <= 12 or year not in YEARS:
        raise Http404
    table = event_table(
        events_queryset().filter(region=region, start__year=year, start__month=month)
    )

    def weeks():  # not read when the page comes from the cache
        by_day = defaultdict(list)
        for event in table.objects:
            by_day[timezone.localtime(event.start).date()].append(event)
        return [
            [(day, by_day[day] if day.month == month else []) for day in week]
            for week in calendar.Calendar().monthdatescalendar(year, month)
        ]

    first = date(year, month, 1)
    context = {
        "region": region,
        "weeks": SimpleLazyObject(weeks),
        "month_name": date_format(first, "F Y"),
        "first": first,
        "previous": date(year - 1, 12, 1) if month == 1 else date(year, month - 1, 1),
        "following": date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1),
        "weekdays": WEEKDAYS,
        "fragment": SimpleLazyObject(lambda: caching.fragment(request, region.pk)),
    }
    filename = f"utbildningar-{region.slug}-{first:%Y-%m}"
    return respond(request, "kompetens/event_month.html", context, filename, table)


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
    if not event.is_cancelled:
        item.add_component(reminder(event))
    return item


def reminder(event):
    """A calendar's reminder of the event the day before it starts."""
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -timedelta(days=1))
    alarm.add("description", _("I morgon: %(title)s") % {"title": event.title})
    return alarm


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
