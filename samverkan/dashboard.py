"""The app's parts of the county dashboard, the municipality pages and the portal search."""

from datetime import date

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext as _

from biblioteksportal.charts import bar_chart
from biblioteksportal.search import ranked

from . import services
from .models import DECISION_SEARCH, Decision, Rollout, SharedSystem

# A region has a handful of shared systems: no index.
SYSTEM_SEARCH = SearchVector("name", "description", config="swedish")


def _bounds(year):
    return date(year.year, 1, 1), date(year.year, 12, 31)


def county(year, user):
    region = year.region
    start, end = _bounds(year)
    figures = []
    agreement = services.region_agreement(region)
    if agreement:
        summary = services.signature_summary(list(agreement.parties.all()))
        figures.append(
            (
                _("parter har skrivit under samverkansavtalet"),
                _("%(signed)s av %(total)s") % summary,
            )
        )
    for system in services.system_counts(region, end):
        if system.total:
            figures.append(
                (
                    _("kommuner med %(name)s i drift") % {"name": system.name},
                    _("%(live)s av %(total)s") % {"live": system.live, "total": system.total},
                )
            )
    net = net_flows(region, start, end)
    sent = sum(row["out"] for row in net)
    figures.append((_("överföringar mellan biblioteken %(year)s") % {"year": year.year}, sent))
    rows = [(row["name"], [row["in"], row["out"]]) for row in net]
    charts = []
    if any(sum(values) for _, values in rows):
        charts.append(
            bar_chart(
                _("Flytande bestånd %(year)s: mottagna och skickade exemplar per bibliotek")
                % {"year": year.year},
                rows,
                series=[_("Mottagna"), _("Skickade")],
            )
        )
    return {"figures": figures, "charts": charts}


def municipality(municipality, year, user):
    region = year.region
    start, end = _bounds(year)
    figures = []
    agreement = services.region_agreement(region)
    if agreement:
        party = next(
            (p for p in agreement.parties.all() if p.municipality_id == municipality.pk), None
        )
        if party:
            figures.append((_("samverkansavtalet"), party.get_status_display()))
    for rollout in Rollout.objects.filter(municipality=municipality).select_related("system"):
        figures.append((rollout.system.name, rollout.get_status_display()))
    net = net_flows(region, start, end, municipality)
    if net:
        figures.append(
            (
                _("exemplar in netto (flytande bestånd %(year)s)") % {"year": year.year},
                sum(row["in"] - row["out"] for row in net),
            )
        )
    return {"figures": figures, "charts": []}


NET_FLOWS = """
WITH counts AS (
    SELECT f.library_id AS source, t.library_id AS target, COUNT(*) AS n
    FROM samverkan_transfer x
    JOIN samverkan_branchcode f ON f.region_id = x.region_id AND f.code = x.from_branch
    JOIN samverkan_branchcode t ON t.region_id = x.region_id AND t.code = x.to_branch
    WHERE x.region_id = %(region)s AND x.date BETWEEN %(start)s AND %(end)s
      AND x.cancelled IS NULL AND f.library_id <> t.library_id
    GROUP BY GROUPING SETS ((f.library_id), (t.library_id))
)
SELECT l.name, COALESCE(received.n, 0), COALESCE(sent.n, 0)
FROM biblioteksportal_library l
LEFT JOIN counts received ON received.target = l.id AND received.source IS NULL
LEFT JOIN counts sent ON sent.source = l.id AND sent.target IS NULL
WHERE l.id IN (SELECT library_id FROM samverkan_branchcode WHERE region_id = %(region)s)
  {municipality}
ORDER BY l.name, l.id
"""


def net_flows(region, start, end, municipality=None):
    """Each library with a Koha branch code (of the municipality, if given): the items it
    received from and sent to other libraries in the period, not counting cancelled
    transfers; aggregated in SQL, in one query, as services.flows counts them."""
    sql = NET_FLOWS.format(municipality="AND l.municipality_id = %(m)s" if municipality else "")
    params = {"region": region.pk, "start": start, "end": end, "m": getattr(municipality, "pk", 0)}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [{"name": name, "in": n_in, "out": n_out} for name, n_in, n_out in cursor]


def search(query, user):
    decisions = ranked(
        Decision.objects.for_user(user).select_related("meeting__group"), DECISION_SEARCH, query
    )
    return [
        {
            "title": decision.text[:120],
            "url": reverse("samverkan:work-groups"),
            "kind": _("Beslut i %(group)s %(date)s")
            % {"group": decision.meeting.group.name, "date": decision.meeting.date},
            "snippet": "",
            "rank": decision.rank,
        }
        for decision in decisions
    ] + [
        {
            "title": system.name,
            "url": reverse("samverkan:systems"),
            "kind": _("Gemensamt system"),
            "snippet": system.description[:200],
            "rank": system.rank,
        }
        for system in ranked(SharedSystem.objects.for_user(user), SYSTEM_SEARCH, query)
    ]
