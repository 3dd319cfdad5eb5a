"""The app's reads: its pages' lists and counts, and the figures of its dashboard parts and
report facts."""

from collections import Counter, defaultdict
from datetime import date
from itertools import chain

from django.db.models import Prefetch, Q, Sum
from django.utils.translation import gettext as _

from biblioteksportal import links
from biblioteksportal.models import Activity
from biblioteksportal.search import matching, parse

from .choices import ActorKind, AgeGroup, IncomeShare, MemberKind, ModerationStatus, Offer
from .models import (
    ACTOR_SEARCH,
    PUBLIC,
    ArenaParticipation,
    LiteraryActor,
    Method,
    NetworkMeeting,
    NetworkMember,
    Project,
    WritingArena,
)


def in_year(field, year):
    return Q(**{f"{field}__year": year})


def existing_at(field, end):
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": end})


def directory(region, q, kind, offer, municipality):
    """The region's actors in the public directory that match the search."""
    actors = LiteraryActor.objects.public().filter(region=region).select_related("municipality")
    if q:
        actors = matching(actors, ACTOR_SEARCH, parse(q))
    if kind:
        actors = actors.filter(kinds__contains=[kind])
    if offer:
        actors = actors.filter(offers__contains=[offer])
    if municipality:
        actors = actors.filter(municipality=municipality)
    return actors


def actor_for_token(token):
    """The actor whose removal link this is, or None."""
    return links.find(LiteraryActor.objects.select_related("region"), token)


def all_actors(user):
    """The whole register of actors the user may see, for the staff's export."""
    return LiteraryActor.objects.for_user(user).select_related("municipality")


def network(user):
    """The network's members by kind (every kind, in the choices' order) and by
    municipality (the whole county last), and its meetings (a lazy queryset)."""
    members = NetworkMember.objects.for_user(user).select_related("organisation", "municipality")
    by_kind = defaultdict(list)
    by_municipality = defaultdict(list)
    for member in members:
        by_kind[member.kind].append(member)
        by_municipality[member.municipality].append(member)
    kinds = [(label, by_kind[value]) for value, label in MemberKind.choices]
    municipalities = sorted(
        by_municipality.items(), key=lambda item: (item[0] is None, str(item[0] or ""))
    )
    meetings = NetworkMeeting.objects.for_user(user).prefetch_related(
        Prefetch("attendees", queryset=NetworkMember.objects.select_related("organisation"))
    )
    return kinds, municipalities, meetings


def projects(user):
    activities = Activity.objects.select_related("area_year__year")
    return Project.objects.for_user(user).prefetch_related(
        "partners", "methods", Prefetch("activities", queryset=activities)
    )


def methods(user):
    return Method.objects.for_user(user).prefetch_related("links", "projects")


def participants(arena):
    """An arena's participants in each age group, in the order of AgeGroup."""
    counts = {row.age_group: row.count for row in arena.participation.all()}
    return [counts.get(value, 0) for value in AgeGroup.values]


def arenas(user):
    """The writing arenas, the participants of all of them per age group ([(label, n)]) and
    in all."""
    arenas = list(
        WritingArena.objects.for_user(user)
        .select_related("municipality")
        .prefetch_related("participation")
    )
    sums = [sum(column) for column in zip(*map(participants, arenas), strict=True)]
    sums = sums or [0] * len(AgeGroup.values)
    return arenas, list(zip(AgeGroup.labels, sums, strict=True)), sum(sums)


def tally(values, choices):
    """[(label, count)] for every choice, in the choices' order."""
    counts = Counter(values)
    return [(label, counts[value]) for value, label in choices]


def inventory(user):
    """How many actors (but the rejected) there are, and their answers counted per question:
    [(question, [(answer, n)])]. No one is named."""
    actors = list(
        LiteraryActor.objects.for_user(user)
        .exclude(status=ModerationStatus.REJECTED)
        .values_list("kinds", "offers", "target_groups", "income_share", "municipality__name")
    )
    municipalities = Counter(row[4] or _("Ingen kommun angiven") for row in actors)
    return len(actors), [
        (_("Slag av aktör"), tally(chain(*(row[0] for row in actors)), ActorKind.choices)),
        (_("Erbjuder"), tally(chain(*(row[1] for row in actors)), Offer.choices)),
        (_("Målgrupper"), tally(chain(*(row[2] for row in actors)), AgeGroup.choices)),
        (
            _("Andel av inkomsten från litterärt arbete"),
            tally((row[3] for row in actors), IncomeShare.choices)
            + [(_("Inget svar"), sum(1 for row in actors if not row[3]))],
        ),
        (_("Kommun"), sorted(municipalities.items())),
    ]


def members_at_end(members, year):
    """The members (a queryset) that had joined by the end of the year."""
    return members.filter(existing_at("since", date(year, 12, 31)))


def year_members(year, user):
    """The network's members at the end of an activity year, as the user may see them."""
    return members_at_end(
        NetworkMember.objects.for_user(user).filter(region=year.region_id), year.year
    )


def year_arenas(year, user):
    return WritingArena.objects.for_user(user).filter(region=year.region_id, start__year=year.year)


def public_actors(year):
    """The actors shown in the public directory that had registered by the end of the year."""
    return LiteraryActor.objects.filter(PUBLIC, region=year.region_id).filter(
        created__date__lte=date(year.year, 12, 31)
    )


def per_age_group(arenas):
    """{age group: participants} of the arenas (a queryset), in one query."""
    return dict(
        ArenaParticipation.objects.filter(arena__in=arenas)
        .values_list("age_group")
        .annotate(n=Sum("count"))
        .order_by("age_group")
    )
