"""The app's side of biblioteksportal/areas.py: demo and national data, start-page links,
the report's facts, its parts of the county dashboard and the municipality pages, the
portal search and its computed indicators."""

from datetime import date
from decimal import Decimal

from django.contrib.postgres.search import SearchVector
from django.db.models import Case, OuterRef, Subquery, When
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from biblioteksportal.access import CHANGE, VIEW, can
from biblioteksportal.areas import Computation, Figure, Part, SearchHit
from biblioteksportal.charts import bar_chart
from biblioteksportal.search import ranked

from . import queries
from .choices import SignatureStatus, VersionStatus
from .forms import BackAndForthForm
from .models import (
    DECISION_SEARCH,
    AgreementParty,
    AgreementVersion,
    Decision,
    Rollout,
    SharedSystem,
)

# The app's pages for readers: on the start page and the app's own index.
PAGES = [
    (gettext_lazy("Samverkansavtalet"), "samverkan:agreement"),
    (gettext_lazy("Arbetsgrupper"), "samverkan:work-groups"),
    (gettext_lazy("Gemensamma system"), "samverkan:systems"),
    (gettext_lazy("Låneregler och ersättningar"), "samverkan:lending-rules"),
    (gettext_lazy("Transporter"), "samverkan:transports"),
    (gettext_lazy("Flytande bestånd"), "samverkan:floating"),
    (gettext_lazy("Fram och tillbaka"), "samverkan:back-and-forth"),
]

# A region has a handful of shared systems: no index.
SYSTEM_SEARCH = SearchVector("name", "description", config="swedish")


# demo and national import the Koha reader: Arrow loads only in a process that imports
def load_demo(region):
    from . import demo

    demo.load(region)


def generate_national(region, years, rng, scale):
    from . import national

    national.generate_national(region, years, rng, scale)


def home_links(user):
    if not can(user, VIEW):
        return []
    links = [(label, reverse(name)) for label, name in PAGES]
    if can(user, CHANGE):
        links.append(
            (_("Läs in överföringar från Koha"), reverse("admin:samverkan_transferimport_add"))
        )
    return links


def _bounds(year):
    return date(year, 1, 1), date(year, 12, 31)


def report_facts(area_year):
    region = area_year.year.region
    start, end = _bounds(area_year.year.year)
    facts = []
    agreement = queries.region_agreement(region)
    if agreement:
        summary = queries.signature_summary(list(agreement.parties.all()))
        fact = _("%(signed)s av %(total)s parter har skrivit under samverkansavtalet.") % summary
        if summary["missing"]:
            fact += " " + _("Underskrift saknas från %(names)s.") % {
                "names": ", ".join(p.party_name for p in summary["missing"])
            }
        if summary["declined"]:
            fact += " " + _("%(names)s har avböjt.") % {
                "names": ", ".join(p.party_name for p in summary["declined"])
            }
        facts.append(fact)
    for system in queries.system_counts(region, end):
        if system.live:
            facts.append(
                _("%(name)s är i drift i %(live)s av %(total)s kommuner; utbildning i %(trained)s.")
                % {
                    "name": system.name,
                    "live": system.live,
                    "total": system.total,
                    "trained": system.trained,
                }
            )
    groups = queries.group_names(region, start, end)
    if groups:
        facts.append(
            ngettext(
                "%(n)s arbetsgrupp var verksam: %(names)s.",
                "%(n)s arbetsgrupper var verksamma: %(names)s.",
                len(groups),
            )
            % {"n": len(groups), "names": ", ".join(groups)}
        )
    months = queries.per_month(queries.transfers(region, start, end))
    total = sum(m["total"] for m in months)
    if total:
        cancelled = sum(m["cancelled_n"] for m in months)
        trips = queries.back_and_forth(region, start, end, 30)
        facts.append(
            _(
                "%(total)s överföringar mellan biblioteken registrerades i Koha, varav "
                "%(cancelled)s avbröts. %(items)s exemplar (%(titles)s titlar) skickades fram "
                "och tillbaka mellan samma bibliotek inom 30 dagar."
            )
            % {
                "total": number_format(total, force_grouping=True),
                "cancelled": number_format(cancelled, force_grouping=True),
                "items": number_format(trips["items"], force_grouping=True),
                "titles": number_format(trips["titles"], force_grouping=True),
            }
        )
    return facts


def county_part(year, user):
    region = year.region
    start, end = _bounds(year.year)
    figures = []
    agreement = queries.region_agreement(region)
    if agreement:
        summary = queries.signature_summary(list(agreement.parties.all()))
        figures.append(
            Figure(
                _("parter har skrivit under samverkansavtalet"),
                _("%(signed)s av %(total)s") % summary,
            )
        )
    for system in queries.system_counts(region, end):
        if system.total:
            figures.append(
                Figure(
                    _("kommuner med %(name)s i drift") % {"name": system.name},
                    _("%(live)s av %(total)s") % {"live": system.live, "total": system.total},
                )
            )
    net = queries.net_flows(region, start, end)
    sent = sum(row["out"] for row in net)
    figures.append(
        Figure(_("överföringar mellan biblioteken %(year)s") % {"year": year.year}, sent)
    )
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
    return Part(figures, charts)


def municipality_part(year, municipality, user):
    region = year.region
    start, end = _bounds(year.year)
    figures = []
    agreement = queries.region_agreement(region)
    if agreement:
        party = next(
            (p for p in agreement.parties.all() if p.municipality_id == municipality.pk), None
        )
        if party:
            figures.append(Figure(_("samverkansavtalet"), party.get_status_display()))
    for rollout in Rollout.objects.filter(municipality=municipality).select_related("system"):
        figures.append(Figure(rollout.system.name, rollout.get_status_display()))
    net = queries.net_flows(region, start, end, municipality)
    if net:
        figures.append(
            Figure(
                _("exemplar in netto (flytande bestånd %(year)s)") % {"year": year.year},
                sum(row["in"] - row["out"] for row in net),
            )
        )
    return Part(figures)


def search(query, user):
    decisions = ranked(
        Decision.objects.for_user(user).select_related("meeting__group"), DECISION_SEARCH, query
    )
    systems = ranked(SharedSystem.objects.for_user(user), SYSTEM_SEARCH, query)
    return [
        SearchHit(
            title=decision.text[:120],
            url=reverse("samverkan:work-groups"),
            kind=_("Beslut i %(group)s %(date)s")
            % {"group": decision.meeting.group.name, "date": decision.meeting.date},
            rank=decision.rank,
        )
        for decision in decisions
    ] + [
        SearchHit(
            title=system.name,
            url=reverse("samverkan:systems"),
            kind=_("Gemensamt system"),
            snippet=system.description[:200],
            rank=system.rank,
        )
        for system in systems
    ]


def transfers_sent(region, periods):
    """For each period: the items the libraries of each municipality (with a Koha branch
    code) sent to other libraries in it, not counting cancelled transfers, as the floating
    collection's page counts them; under None the county's (the regional libraries' included,
    as on the county dashboard); in two queries a period (the transfers' counts, the branch
    codes)."""
    found = []
    for start, end in periods:
        _months, _cancellations, pairs = queries.floating(region, start, end)
        net = queries.flows(pairs, region)["net"]
        values = {}
        for row in net:
            municipality = row["library"].municipality_id
            if municipality is not None:
                values[municipality] = values.get(municipality, Decimal(0)) + row["out"]
        found.append({**values, None: Decimal(sum(row["out"] for row in net))})
    return found


def back_and_forth_trips(region, periods):
    """For each period: the county's items sent A → B and back within the back-and-forth
    page's default 30 days (that page's total, in its queries: two a period), under None
    only, a trip being between two libraries."""
    days = BackAndForthForm.base_fields["days"].initial
    return [
        {None: Decimal(queries.back_and_forth(region, start, end, days)["trips"])}
        for start, end in periods
    ]


def agreement_signed(region, periods):
    """For each period: 1 for each municipality that had signed the region's current
    agreement (as queries.current_agreement chooses it: the newest final version, else the
    newest draft) by the period's end, else 0, and under None how many had; in one query."""
    current = (
        AgreementVersion.objects.filter(region=region)
        .exclude(status=VersionStatus.SUPERSEDED)
        .order_by(Case(When(status=VersionStatus.FINAL, then=0), default=1), "-created")
        .values("pk")[:1]
    )
    signed = AgreementParty.objects.filter(
        agreement=Subquery(current), municipality=OuterRef("pk"), status=SignatureStatus.SIGNED
    ).values("date")[:1]
    dates = dict(region.municipalities.values_list("pk", Subquery(signed)).order_by())
    found = []
    for _start, end in periods:
        values = {pk: Decimal(day is not None and day <= end) for pk, day in dates.items()}
        found.append({**values, None: Decimal(sum(values.values()))})
    return found


def computations():
    count = gettext_lazy("st")
    return [
        Computation(
            key="samverkan.transfers_sent",
            label=gettext_lazy("Skickade exemplar mellan biblioteken"),
            unit=count,
            compute=transfers_sent,
        ),
        Computation(
            key="samverkan.back_and_forth",
            label=gettext_lazy("Exemplar skickade fram och tillbaka inom 30 dagar"),
            unit=count,
            compute=back_and_forth_trips,
        ),
        Computation(
            key="samverkan.agreement_signed",
            label=gettext_lazy("Kommuner som har skrivit under samverkansavtalet"),
            unit=count,
            compute=agreement_signed,
        ),
    ]
