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
    ARENA_SEARCH,
    MEMBER_SEARCH,
    METHOD_SEARCH,
    PROJECT_SEARCH,
    PUBLIC,
    ArenaParticipation,
    LiteraryActor,
    Method,
    NetworkMember,
    Project,
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
    """The actors the public directory shows (approved, consented to be shown), and the
    network, projects, methods and writing arenas of the user's region for those who may
    read them (for_user: reporters see none)."""
    actors = ranked(LiteraryActor.objects.public().select_related("region"), ACTOR_SEARCH, query)
    members = ranked(
        NetworkMember.objects.for_user(user).select_related("organisation", "municipality"),
        MEMBER_SEARCH,
        query,
    )
    projects = ranked(Project.objects.for_user(user), PROJECT_SEARCH, query)
    methods = ranked(Method.objects.for_user(user), METHOD_SEARCH, query)
    arenas = ranked(
        WritingArena.objects.for_user(user).select_related("municipality"), ARENA_SEARCH, query
    )
    network = reverse("lasframjande:network")
    return [
        *(
            {
                "title": str(member.organisation),
                "url": network,
                "kind": _("Medlem i nätverket för läsfrämjande, %(kind)s")
                % {"kind": member.get_kind_display().lower()},
                "snippet": member.municipality or _("Hela länet"),
                "rank": member.rank,
            }
            for member in members
        ),
        *(
            {
                "title": project.name,
                "url": reverse("lasframjande:projects") + f"#projekt-{project.pk}",
                "kind": _("Läsfrämjande projekt, %(phase)s")
                % {"phase": project.get_phase_display().lower()},
                "snippet": Truncator(project.description).words(30),
                "rank": project.rank,
            }
            for project in projects
        ),
        *(
            {
                "title": method.name,
                "url": reverse("lasframjande:methods") + f"#metod-{method.pk}",
                "kind": _("Metod i metodbanken"),
                "snippet": Truncator(method.description).words(30),
                "rank": method.rank,
            }
            for method in methods
        ),
        *(
            {
                "title": arena.title,
                "url": reverse("lasframjande:arenas") + f"#skrivarena-{arena.pk}",
                "kind": _("Skrivarena för barn och unga, %(kind)s")
                % {"kind": arena.get_kind_display().lower()},
                "snippet": f"{arena.start:%Y-%m-%d}, {arena.place}",
                "rank": arena.rank,
            }
            for arena in arenas
        ),
        *(
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
        ),
    ]
