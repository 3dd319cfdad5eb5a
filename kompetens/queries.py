"""The app's reads and aggregations; the self-assessment's statistics are in stats.py."""

import datetime
from collections import defaultdict

from django.db.models import Count, Q

from biblioteksportal.access import CHANGE, can
from biblioteksportal.models import Library, Municipality

from .choices import Audience, EventStatus, RegistrationStatus
from .models import AssessmentRound, Grant, Registration, TrainingEvent, Workshop


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


def region_municipalities(round):
    return Municipality.objects.filter(region=round.region_id).order_by("name")


def own_municipality(user):
    """The municipality whose registrations a reader sees: a library head's own; None for
    regional staff (all)."""
    return None if can(user, CHANGE) else user.profile.municipality


def event_registrations(event, user):
    """(registrations, libraries): the event's registrations the user sees and the libraries
    the user may register staff of, both of the user's own municipality if bound to one."""
    municipality = own_municipality(user)
    registrations = Registration.objects.for_user(user).filter(event=event)
    libraries = Library.objects.for_user(user).order_by("name")
    if municipality:
        registrations = registrations.filter(library__municipality=municipality)
        libraries = libraries.filter(municipality=municipality)
    return registrations.select_related("library"), libraries


def waiting_place(registration):
    """The registration's place on its event's waiting list, 1 for the first."""
    waiting = registration.event.registrations.filter(status=RegistrationStatus.WAITING)
    return waiting.filter(
        Q(created__lt=registration.created)
        | Q(created=registration.created, pk__lte=registration.pk)
    ).count()


def participation(year, user):
    """(events, per_library) of the year's events the user sees: each event with `n`, its
    participants who attended, and `per_municipality`, [{library__municipality__name, n}];
    per_library, [{library__municipality__name, library__name, n}]."""
    events = TrainingEvent.objects.for_user(user).filter(start__year=year)
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
    return events, list(per_library)


def rounds(user):
    """The rounds the user sees, each with `n` answer sheets and `workshops_n` workshops."""
    return AssessmentRound.objects.for_user(user).annotate(
        n=Count("responses", distinct=True), workshops_n=Count("workshops", distinct=True)
    )


def round_imports(round):
    """The round's imports with who made them and `n`, their answer sheets."""
    return round.imports.select_related("created_by").annotate(n=Count("responses"))


def workshop_coverage(round):
    """(done, waiting, total): [(municipality, workshop)] of the region's municipalities
    that have had their workshop after the round, those that have not, and how many."""
    held = {
        w.municipality_id: w for w in Workshop.objects.filter(round=round).select_related("event")
    }
    municipalities = list(region_municipalities(round))
    done = [(m, held[m.pk]) for m in municipalities if m.pk in held]
    waiting = [m for m in municipalities if m.pk not in held]
    return done, waiting, len(municipalities)


def grants(user):
    """The grants the user sees, each with `spent` and `remaining`, and its spending."""
    grants = list(
        Grant.objects.for_user(user).select_related("funder", "area").prefetch_related("spending")
    )
    for grant in grants:
        grant.spent = sum(entry.amount for entry in grant.spending.all())
        grant.remaining = grant.amount - grant.spent
    return grants
