"""Full-text search across the portal (PostgreSQL, Swedish configuration)."""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.urls import reverse
from django.utils.translation import gettext as _

from .areas import SearchHit, area_apps
from .models import ACTIVITY_SEARCH, OUTCOME_SEARCH, Activity, Outcome

LIMIT = 50

# Nouns whose plural changes the vowel, which the Swedish stemmer does not join ("bok" and
# "böcker" keep the stems "bok" and "böck"): the stem of one form, and of the other.
UMLAUT_STEMS = {"bok": "böck", "fot": "fött", "hand": "händ", "land": "länd", "stad": "städ"}
UMLAUT = UMLAUT_STEMS | {plural: singular for singular, plural in UMLAUT_STEMS.items()}
# A stem at the end of a word (compounds too: "bilderbok"), before an inflection ending.
UMLAUT_WORD = re.compile(rf"({'|'.join(UMLAUT)})(?=(en|ens|s|er|erna|ernas|ers)?\b)", re.I)


def _other_form(match):
    return UMLAUT[match[1].lower()]


def parse(text):
    """The user's query (web search syntax); a word with a vowel-changing plural also finds
    its other form ("bilderbok" finds "bilderböcker"), unless it is excluded with "-"."""
    query = SearchQuery(text, config="swedish", search_type="websearch")
    words = text.split()
    other = [w if w.startswith("-") else UMLAUT_WORD.sub(_other_form, w) for w in words]
    if other != words:
        query |= SearchQuery(" ".join(other), config="swedish", search_type="websearch")
    return query


def matching(queryset, vector, query):
    """The rows of `queryset` whose `vector` matches `query`, best first."""
    return (
        queryset.annotate(search_document=vector, rank=SearchRank(vector, query))
        .filter(search_document=query)
        .order_by("-rank", "pk")
    )


def ranked(queryset, vector, query):
    """The best LIMIT matches: what the core and each area app's search hook show."""
    return matching(queryset, vector, query)[:LIMIT]


def _core(query, user):
    activities = ranked(
        Activity.objects.for_user(user).select_related("area_year__area", "area_year__year"),
        ACTIVITY_SEARCH,
        query,
    )
    snippet = SearchHeadline("narrative", query, config="swedish", max_words=30)
    outcomes = ranked(
        Outcome.objects.for_user(user)
        .annotate(snippet=snippet)
        .select_related("area_year__area", "area_year__year"),
        OUTCOME_SEARCH,
        query,
    )
    hits = []
    for activity in activities:
        area_year = activity.area_year
        hits.append(
            SearchHit(
                title=activity.title,
                url=reverse("year", args=[area_year.year.year]) + f"#{area_year.area.app}",
                kind=_("Aktivitet %(year)s, %(area)s")
                % {"year": area_year.year.year, "area": area_year.area.name},
                snippet=activity.get_status_display(),
                rank=activity.rank,
            )
        )
    for outcome in outcomes:
        area_year = outcome.area_year
        hits.append(
            SearchHit(
                title=_("Utfall %(year)s: %(area)s")
                % {"year": area_year.year.year, "area": area_year.area.name},
                url=reverse("year", args=[area_year.year.year]) + f"#{area_year.area.app}",
                kind=_("Utfall"),
                snippet=outcome.snippet,
                rank=outcome.rank,
            )
        )
    return hits


def search(text, user):
    """Hits the user may see, best first: the core's and each area app's."""
    query = parse(text)
    hits = _core(query, user)
    for config in area_apps():
        hits += config.search(query, user)
    return sorted(hits, key=lambda hit: -hit.rank)
