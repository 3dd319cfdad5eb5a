"""The area's part of the annual report: one fact per aim of the seed, from the records."""

from datetime import date

from django.db.models import Count, Q, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kompetens.interface import adults_with_children_in_year

from .choices import AgeGroup, ModerationStatus
from .models import (
    PUBLIC,
    ArenaParticipation,
    LiteraryActor,
    Method,
    NetworkMeeting,
    NetworkMember,
    Project,
    WritingArena,
)


def grouped(n):
    """A count with the locale's thousands separator (30 000 in Swedish)."""
    return number_format(n, force_grouping=True)


def in_year(field, year):
    return Q(**{f"{field}__year": year})


def existing_at(field, end):
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": end})


def network_fact(region, year):
    members = NetworkMember.objects.filter(region=region).filter(
        existing_at("since", date(year, 12, 31))
    )
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
    rows = (
        ArenaParticipation.objects.filter(arena__in=arenas)
        .values_list("age_group")
        .annotate(n=Sum("count"))
        .order_by("age_group")
    )
    per_group = dict(rows)
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
