"""The app's hooks for the core (biblioteksportal.areas): demo and national data, start-page
links, the annual report's facts, the dashboard's and the municipality pages' parts, and the
portal search."""

from datetime import date
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from biblioteksportal.access import CHANGE, VIEW, can
from biblioteksportal.areas import Figure, Part, SearchHit
from biblioteksportal.charts import bar_chart
from biblioteksportal.search import ranked
from kompetens.interface import adults_with_children_in_year

from .choices import AgeGroup, MemberKind, ModerationStatus
from .demo import load_demo  # noqa: F401 (a hook)
from .models import (
    ACTOR_SEARCH,
    ARENA_SEARCH,
    MEMBER_SEARCH,
    METHOD_SEARCH,
    PROJECT_SEARCH,
    PUBLIC,
    LiteraryActor,
    Method,
    NetworkMeeting,
    NetworkMember,
    Project,
    WritingArena,
)
from .national import generate_national  # noqa: F401 (a hook)
from .queries import (
    existing_at,
    in_year,
    members_at_end,
    per_age_group,
    public_actors,
    year_arenas,
    year_members,
)


def home_links(user):
    links = [(_("Katalog över litterära aktörer"), reverse("lasframjande:directory-index"))]
    if can(user, VIEW):
        links += [
            (_("Nätverket för läsfrämjande"), reverse("lasframjande:network")),
            (_("Läsfrämjande projekt"), reverse("lasframjande:projects")),
            (_("Metodbank"), reverse("lasframjande:methods")),
            (_("Skrivarenor för barn och unga"), reverse("lasframjande:arenas")),
            (_("Kartläggning av litterära aktörer"), reverse("lasframjande:inventory")),
            (
                _("Inspiration och kompetensutveckling för vuxna som arbetar med barn"),
                reverse("lasframjande:adults"),
            ),
        ]
    if can(user, CHANGE):
        queue = reverse("admin:lasframjande_literaryactor_changelist")
        links += [
            (_("Granska anmälda litterära aktörer"), f"{queue}?status__exact=pending"),
            (_("Exportera litterära aktörer (CSV)"), reverse("lasframjande:export")),
        ]
    return links


def grouped(n):
    """A count with the locale's thousands separator (30 000 in Swedish)."""
    return number_format(n, force_grouping=True)


def network_fact(region, year):
    members = members_at_end(NetworkMember.objects.filter(region=region), year)
    total = members.count()
    new = members.filter(in_year("since", year)).count()
    kinds = members.values("kind").distinct().count()
    meetings = NetworkMeeting.objects.filter(region=region).filter(in_year("date", year)).count()
    return _(
        "Nätverket för läsfrämjande hade %(total)d medlemmar av %(kinds)d slag vid årets slut, "
        "%(new)d nya under året, och höll %(meetings)d nätverksträffar."
    ) % {"total": total, "kinds": kinds, "new": new, "meetings": meetings}


def methods_fact(region, year):
    methods = Method.objects.filter(region=region, added__lte=date(year, 12, 31))
    return _(
        "Metodbanken för läsfrämjande hade %(total)d metoder vid årets slut, "
        "%(new)d nya under året."
    ) % {
        "total": methods.count(),
        "new": methods.filter(in_year("added", year)).count(),
    }


def projects_fact(region, year):
    projects = Project.objects.filter(region=region).filter(
        existing_at("start", date(year, 12, 31)),
        Q(end__isnull=True) | Q(end__gte=date(year, 1, 1)),
    )
    names = [f"{p.name} ({p.get_phase_display().lower()})" for p in projects]
    if not names:
        return _("Inga läsfrämjande projekt (t.ex. Språkfrö) pågick under året.")
    return _("Läsfrämjande projekt under året: %(projects)s.") % {"projects": ", ".join(names)}


def adults_fact(region, year):
    count, attended = adults_with_children_in_year(region, year)
    return ngettext(
        "%(count)d tillfälle för inspiration och kompetensutveckling för vuxna som arbetar "
        "med barn, med %(attended)s deltagare.",
        "%(count)d tillfällen för inspiration och kompetensutveckling för vuxna som arbetar "
        "med barn, med %(attended)s deltagare.",
        count,
    ) % {"count": count, "attended": grouped(attended)}


def actors_fact(region, year):
    actors = LiteraryActor.objects.filter(region=region).filter(in_year("created", year))
    counts = actors.aggregate(
        total=Count("pk"),
        approved=Count("pk", filter=Q(status=ModerationStatus.APPROVED)),
        shown=Count("pk", filter=PUBLIC),
    )
    return (
        _(
            "Kartläggningen av litterära aktörer: %(total)d anmälningar under året, %(approved)d "
            "godkända, varav %(shown)d visas i den offentliga katalogen."
        )
        % counts
    )


def arenas_fact(region, year):
    arenas = WritingArena.objects.filter(region=region).filter(in_year("start", year))
    per_group = per_age_group(arenas)
    parts = [
        f"{label} {grouped(per_group[value])}"
        for value, label in AgeGroup.choices
        if value in per_group
    ]
    count = arenas.count()
    text = ngettext(
        "%(count)d skrivarena för barn och unga med %(total)s deltagare",
        "%(count)d skrivarenor för barn och unga med %(total)s deltagare",
        count,
    ) % {
        "count": count,
        "total": grouped(sum(per_group.values())),
    }
    return f"{text} ({', '.join(parts)})." if parts else f"{text}."


# One per aim of the seed's reading-promotion list (its Goal rows of kind "aim"), in its order.
# Each sentence names its subject, so that it reads right beside the aims whatever their wording.
FACTS = [network_fact, methods_fact, projects_fact, adults_fact, actors_fact, arenas_fact]


def report_facts(area_year):
    region = area_year.area.region
    return [fact(region, area_year.year.year) for fact in FACTS]


def county_part(year, user):
    by_kind = dict(year_members(year, user).values_list("kind").annotate(n=Count("pk")).order_by())
    by_age = per_age_group(year_arenas(year, user))
    figures = [
        Figure(_("medlemmar i nätverket för läsfrämjande vid årets slut"), sum(by_kind.values())),
        Figure(_("litterära aktörer i den offentliga katalogen"), public_actors(year).count()),
        Figure(
            _("deltagare i %(n)d skrivarenor för barn och unga")
            % {"n": year_arenas(year, user).count()},
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
    return Part(figures, charts)


def municipality_part(year, municipality, user):
    names = list(
        year_members(year, user)
        .filter(municipality=municipality)
        .values_list("organisation__name", flat=True)
        .order_by("organisation__name")
    )
    local = year_arenas(year, user).filter(municipality=municipality)
    totals = local.aggregate(
        arenas=Count("pk", distinct=True), participants=Sum("participation__count")
    )
    label = _("medlemmar i nätverket för läsfrämjande")
    if names:
        label += f" ({', '.join(names)})"
    return Part(
        [
            Figure(label, len(names)),
            Figure(
                _("skrivarenor för barn och unga %(year)d") % {"year": year.year}, totals["arenas"]
            ),
            Figure(_("deltagare i skrivarenorna"), totals["participants"] or 0),
            Figure(
                _("litterära aktörer i den offentliga katalogen"),
                public_actors(year).filter(municipality=municipality).count(),
            ),
        ]
    )


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
            SearchHit(
                title=str(member.organisation),
                url=network,
                kind=_("Medlem i nätverket för läsfrämjande, %(kind)s")
                % {"kind": member.get_kind_display().lower()},
                snippet=member.municipality or _("Hela länet"),
                rank=member.rank,
            )
            for member in members
        ),
        *(
            SearchHit(
                title=project.name,
                url=reverse("lasframjande:projects") + f"#projekt-{project.pk}",
                kind=_("Läsfrämjande projekt, %(phase)s")
                % {"phase": project.get_phase_display().lower()},
                snippet=Truncator(project.description).words(30),
                rank=project.rank,
            )
            for project in projects
        ),
        *(
            SearchHit(
                title=method.name,
                url=reverse("lasframjande:methods") + f"#metod-{method.pk}",
                kind=_("Metod i metodbanken"),
                snippet=Truncator(method.description).words(30),
                rank=method.rank,
            )
            for method in methods
        ),
        *(
            SearchHit(
                title=arena.title,
                url=reverse("lasframjande:arenas") + f"#skrivarena-{arena.pk}",
                kind=_("Skrivarena för barn och unga, %(kind)s")
                % {"kind": arena.get_kind_display().lower()},
                snippet=f"{arena.start:%Y-%m-%d}, {arena.place}",
                rank=arena.rank,
            )
            for arena in arenas
        ),
        *(
            SearchHit(
                title=actor.name,
                url=reverse("lasframjande:directory", args=[actor.region.slug])
                + "?"
                + urlencode({"q": actor.name[:100]}),
                kind=_("Litterär aktör, %(kinds)s") % {"kinds": ", ".join(actor.kind_labels())},
                snippet=Truncator(actor.description).words(30),
                rank=actor.rank,
            )
            for actor in actors
        ),
    ]
