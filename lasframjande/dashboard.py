"""The app's parts of the county dashboard, the municipality pages and the portal search."""

from datetime import date
from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from biblioteksportal.charts import bar_chart
from biblioteksportal.search import ranked

from .choices import AgeGroup, MemberKind
from .models import (
    ACTOR_SEARCH,
    PUBLIC,
    ArenaParticipation,
    LiteraryActor,
    NetworkMember,
    WritingArena,
)
from .report import existing_at


def members(year, user):
    return (
        NetworkMember.objects.for_user(user)
        .filter(region=year.region_id)
        .filter(existing_at("since", date(year.year, 12, 31)))
    )


def arenas(year, user):
    return WritingArena.objects.for_user(user).filter(region=year.region_id, start__year=year.year)


def public_actors(year):
    """The actors shown in the public directory that had registered by the end of the year."""
    return LiteraryActor.objects.filter(PUBLIC, region=year.region_id).filter(
        created__date__lte=date(year.year, 12, 31)
    )


def dashboard(year, user):
    by_kind = dict(members(year, user).values_list("kind").annotate(n=Count("pk")).order_by())
    by_age = dict(
        ArenaParticipation.objects.filter(arena__in=arenas(year, user))
        .values_list("age_group")
        .annotate(n=Sum("count"))
        .order_by()
    )
    arena_count = arenas(year, user).count()
    figures = [
        (_("medlemmar i nätverket för läsfrämjande vid årets slut"), sum(by_kind.values())),
        (_("litterära aktörer i den offentliga katalogen"), public_actors(year).count()),
        (
            _("deltagare i %(n)d skrivarenor för barn och unga") % {"n": arena_count},
            sum(by_age.values()),
        ),
    ]
    charts = [
        bar_chart(
            _("Nätverket för läsfrämjande %(year)d: medlemmar per slag") % {"year": year.year},
            [(label, by_kind.get(value, 0)) for value, label in MemberKind.choices],
        ),
        bar_chart(
            _("Deltagare i skrivarenor %(year)d per åldersgrupp") % {"year": year.year},
            [(label, by_age.get(value, 0)) for value, label in AgeGroup.choices],
        ),
    ]
    return {"figures": figures, "charts": charts}


def municipality(municipality, year, user):
    names = list(
        members(year, user)
        .filter(municipality=municipality)
        .values_list("organisation__name", flat=True)
        .order_by("organisation__name")
    )
    local = arenas(year, user).filter(municipality=municipality)
    totals = local.aggregate(
        arenas=Count("pk", distinct=True), participants=Sum("participation__count")
    )
    label = _("medlemmar i nätverket för läsfrämjande")
    if names:
        label += f" ({', '.join(names)})"
    figures = [
        (label, len(names)),
        (_("skrivarenor för barn och unga %(year)d") % {"year": year.year}, totals["arenas"]),
        (_("deltagare i skrivarenorna"), totals["participants"] or 0),
        (
            _("litterära aktörer i den offentliga katalogen"),
            public_actors(year).filter(municipality=municipality).count(),
        ),
    ]
    return {"figures": figures, "charts": []}


def search(query, user):
    """Only what the public directory shows: approved actors who consented to be shown."""
    actors = ranked(LiteraryActor.objects.public().select_related("region"), ACTOR_SEARCH, query)
    return [
        {
            "title": actor.name,
            "url": reverse("lasframjande:directory", args=[actor.region.slug])
            + "?"
            + urlencode({"q": actor.name[:100]}),
            "kind": _("Litterär aktör, %(kinds)s") % {"kinds": ", ".join(actor.kind_labels())},
            "snippet": Truncator(actor.description).words(30),
            "rank": actor.rank,
        }
        for actor in actors
    ]
