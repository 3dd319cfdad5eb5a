"""The app's parts of the county dashboard, the municipality pages and the portal search."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from biblioteksportal.charts import bar_chart
from biblioteksportal.models import Municipality
from biblioteksportal.search import ranked

from . import stats
from .choices import Audience, DigComp, EventStatus
from .models import EVENT_SEARCH, AssessmentRound, Registration, TrainingEvent, Workshop


def held_events(year, user):
    """The year's training events for library staff that were not cancelled (events for
    adults who work with children belong to reading promotion)."""
    return (
        TrainingEvent.objects.for_user(user)
        .filter(region=year.region_id, start__year=year.year)
        .exclude(status=EventStatus.CANCELLED)
        .exclude(audience=Audience.CHILDREN_ADULTS)
    )


def latest_round(year, user):
    """The latest self-assessment round held by the end of the year."""
    rounds = AssessmentRound.objects.for_user(user).filter(
        region=year.region_id, held__lte=datetime.date(year.year, 12, 31)
    )
    return rounds.order_by("-held", "-pk").first()


def dashboard(year, user):
    events = held_events(year, user)
    totals = events.aggregate(
        events=Count("pk", distinct=True),
        attended=Count("registrations", filter=Q(registrations__attended=True)),
    )
    per_municipality = (
        Registration.objects.filter(event__in=events, attended=True)
        .values_list("library__municipality__name")
        .annotate(n=Count("pk"))
        .order_by("library__municipality__name")
    )
    municipalities = (
        Municipality.objects.for_user(user)
        .filter(region=year.region_id)
        .aggregate(
            total=Count("pk", distinct=True),
            covered=Count("pk", distinct=True, filter=Q(workshops__event__start__year=year.year)),
        )
    )
    figures = [
        (_("utbildningstillfällen %(year)d") % {"year": year.year}, totals["events"]),
        (_("deltagare i utbildningarna"), totals["attended"]),
        (
            _("kommuner med workshop utifrån självskattningen %(year)d") % {"year": year.year},
            _("%(n)d av %(total)d")
            % {"n": municipalities["covered"], "total": municipalities["total"]},
        ),
    ]
    charts = [
        bar_chart(
            _("Deltagare i utbildningar %(year)d per kommun") % {"year": year.year},
            [(name or _("Regionens bibliotek"), n) for name, n in per_municipality],
        )
    ]
    survey = latest_round(year, user)
    if survey is not None:
        results = stats.round_results(survey, [])
        figures.append(
            (
                _("kommuner med minst %(min)d svar i självskattningen %(round)s")
                % {"min": stats.MIN_GROUP, "round": survey.name},
                _("%(n)d av %(total)d")
                % {"n": len(results["shown"]), "total": municipalities["total"]},
            )
        )
        rows = [
            (label, round(cell["mean"], 1))
            for label, cell in zip(DigComp.labels, results["county"], strict=True)
            if cell and not cell["hidden"]
        ]
        if rows:
            caption = _("Självskattning %(round)s: medelvärde per område (skala 1–7)")
            charts.append(bar_chart(caption % {"round": survey.name}, rows))
    return {"figures": figures, "charts": charts}


def municipality(municipality, year, user):
    per_library = (
        Registration.objects.filter(
            event__in=held_events(year, user), attended=True, library__municipality=municipality
        )
        .values_list("library__name")
        .annotate(n=Count("pk"))
        .order_by("library__name")
    )
    rows = list(per_library)
    figures = [
        (
            _("deltagare i utbildningar %(year)d") % {"year": year.year},
            sum(n for _name, n in rows),
        )
    ]
    charts = []
    if rows:
        caption = _("Deltagare i utbildningar %(year)d per bibliotek") % {"year": year.year}
        charts.append(bar_chart(caption, rows))
    survey = latest_round(year, user)
    if survey is not None:
        workshop = (
            Workshop.objects.filter(round=survey, municipality=municipality)
            .select_related("event")
            .first()
        )
        if workshop is None:
            done = _("Inte ännu")
        elif workshop.event is None:
            done = _("Genomförd")
        else:
            done = date_format(timezone.localtime(workshop.event.start).date(), "Y-m-d")
        label = _("workshop utifrån självskattningen %(round)s") % {"round": survey.name}
        figures.append((label, done))
    return {"figures": figures, "charts": charts}


def search(query, user):
    events = ranked(TrainingEvent.objects.for_user(user), EVENT_SEARCH, query)
    return [
        {
            "title": event.title,
            "url": reverse("kompetens:event", args=[event.pk]),
            "kind": _("Utbildningstillfälle, %(kind)s")
            % {"kind": event.get_kind_display().lower()},
            "snippet": date_format(timezone.localtime(event.start), "Y-m-d H:i")
            + (f" ({event.get_status_display().lower()})" if event.is_cancelled else ""),
            "rank": event.rank,
        }
        for event in events
    ]
