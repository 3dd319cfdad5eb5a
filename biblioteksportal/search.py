"""Full-text search across the portal (PostgreSQL, Swedish configuration)."""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.urls import reverse
from django.utils.translation import gettext as _

from .areas import area_apps
from .models import Activity, Outcome

LIMIT = 50
ACTIVITY_VECTOR = SearchVector("title", "description", "status_reason", config="swedish")
OUTCOME_VECTOR = SearchVector("narrative", config="swedish")


def parse(text):
    return SearchQuery(text, config="swedish", search_type="websearch")


def _core(query, user):
    activities = (
        Activity.objects.for_user(user)
        .annotate(document=ACTIVITY_VECTOR, rank=SearchRank(ACTIVITY_VECTOR, query))
        .filter(document=query)
        .select_related("area_year__area", "area_year__year")
        .order_by("-rank", "pk")[:LIMIT]
    )
    outcomes = (
        Outcome.objects.for_user(user)
        .annotate(
            document=OUTCOME_VECTOR,
            rank=SearchRank(OUTCOME_VECTOR, query),
            snippet=SearchHeadline("narrative", query, config="swedish", max_words=30),
        )
        .filter(document=query)
        .select_related("area_year__area", "area_year__year")
        .order_by("-rank", "pk")[:LIMIT]
    )
    hits = []
    for activity in activities:
        area_year = activity.area_year
        hits.append(
            {
                "title": activity.title,
                "url": reverse("year", args=[area_year.year.year]) + f"#{area_year.area.app}",
                "kind": _("Aktivitet %(year)s, %(area)s")
                % {"year": area_year.year.year, "area": area_year.area.name},
                "snippet": activity.get_status_display(),
                "rank": activity.rank,
            }
        )
    for outcome in outcomes:
        area_year = outcome.area_year
        hits.append(
            {
                "title": _("Utfall %(year)s: %(area)s")
                % {"year": area_year.year.year, "area": area_year.area.name},
                "url": reverse("year", args=[area_year.year.year]) + f"#{area_year.area.app}",
                "kind": _("Utfall"),
                "snippet": outcome.snippet,
                "rank": outcome.rank,
            }
        )
    return hits


def search(text, user):
    """Hits the user may see, best first: the core's and each area app's."""
    query = parse(text)
    hits = _core(query, user)
    for config in area_apps():
        if hasattr(config, "search"):
            hits += config.search(query, user)
    return sorted(hits, key=lambda hit: -hit.get("rank", 0))
