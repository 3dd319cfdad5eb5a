"""The app's hooks of the area contract (biblioteksportal.areas): start-page links, the facts
of the annual report, its parts of the county dashboard and the municipality pages, its
hits in the portal search, its open data and its computed indicators."""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from biblioteksportal.access import VIEW, can
from biblioteksportal.areas import Computation, Figure, Part, SearchHit
from biblioteksportal.charts import bar_chart
from biblioteksportal.models import Municipality
from biblioteksportal.opendata import TEXT, URL, Dataset, Distribution, Field
from biblioteksportal.search import ranked

from . import stats
from .choices import Audience, DigComp, EventKind, EventStatus
from .demo import load_demo  # noqa: F401 (a hook)
from .models import EVENT_SEARCH, Grant, Registration, TrainingEvent, Workshop
from .national import generate_national  # noqa: F401 (a hook)
from .queries import held_events, latest_round


def home_links(user):
    profile = getattr(user, "profile", None)  # the calendar of the user's region, or a choice
    calendar = (
        reverse("kompetens:events", args=[profile.region.slug])
        if profile
        else reverse("kompetens:index")
    )
    links = [(_("Utbildningskalender"), calendar)]
    if can(user, VIEW):
        year = timezone.localdate().year
        links += [
            (_("Deltagare i utbildningar"), reverse("kompetens:statistics", args=[year])),
            (_("Självskattning av digital kompetens"), reverse("kompetens:rounds")),
            (_("Bidrag"), reverse("kompetens:grants")),
        ]
    return links


def kr(amount):
    return f"{number_format(amount, 0, force_grouping=True)} kr"


def report_facts(area_year):
    region, year = area_year.year.region, area_year.year.year
    held = (
        TrainingEvent.objects.filter(region=region, start__year=year, end__lt=timezone.now())
        .exclude(status=EventStatus.CANCELLED)
        .exclude(audience=Audience.CHILDREN_ADULTS)
        .prefetch_related("partners")
        .annotate(n=Count("registrations", filter=Q(registrations__attended=True)))
    )
    facts = []
    trainings = [event for event in held if event.kind != EventKind.WORKSHOP]
    if trainings:
        items = []
        for event in trainings:
            partners = ", ".join(p.name for p in event.partners.all())
            item = f"{event.get_kind_display().lower()} ”{event.title}”"
            items.append(f"{item} ({_('med')} {partners})" if partners else item)
        facts.append(
            _("%(n)d utbildningstillfällen har genomförts: %(items)s.")
            % {"n": len(trainings), "items": "; ".join(items)}
        )
        attended = sum(event.n for event in held)
        if attended:
            facts.append(
                _("%(n)s deltagare markerade som närvarande.")
                % {"n": number_format(attended, force_grouping=True)}
            )
    workshops = Workshop.objects.filter(
        round__region=region, event__start__year=year
    ).select_related("round", "municipality")
    by_round = {}
    for workshop in workshops.order_by("round__held", "municipality__name"):
        by_round.setdefault(workshop.round, []).append(workshop.municipality.name)
    total = Municipality.objects.filter(region=region).count()
    for round, names in by_round.items():
        facts.append(
            _(
                "Workshoppar utifrån självskattningen %(round)s har hållits i %(n)d av %(total)d "
                "kommuner: %(names)s."
            )
            % {"round": round.name, "n": len(names), "total": total, "names": ", ".join(names)}
        )
    grants = (
        Grant.objects.filter(region=region, start__year__lte=year, end__year__gte=year)
        .select_related("funder")
        .annotate(spent=Sum("spending__amount"))
    )
    for grant in grants:
        facts.append(
            _(
                "Bidrag från %(funder)s till %(programme)s: %(amount)s (%(start)d–%(end)d), "
                "varav %(spent)s förbrukat."
            )
            % {
                "funder": grant.funder.name,
                "programme": f"”{grant.programme}”",
                "amount": kr(grant.amount),
                "start": grant.start.year,
                "end": grant.end.year,
                "spent": kr(grant.spent or 0),
            }
        )
    return facts


def county_part(year, user):
    events = held_events(year, user)
    totals = events.aggregate(
        events=Count("pk", distinct=True),
        attended=Count("registrations", filter=Q(registrations__attended=True)),
    )
    per_municipality = (
        Registration.objects.filter(event__in=events, attended=True)
        .values_list("library__municipality__name")
        .annotate(n=Count("pk"))
        .order_by("library__municipality__name")
    )
    municipalities = (
        Municipality.objects.for_user(user)
        .filter(region=year.region_id)
        .aggregate(
            total=Count("pk", distinct=True),
            covered=Count("pk", distinct=True, filter=Q(workshops__event__start__year=year.year)),
        )
    )
    figures = [
        Figure(_("utbildningstillfällen %(year)d") % {"year": year.year}, totals["events"]),
        Figure(_("deltagare i utbildningarna"), totals["attended"]),
        Figure(
            _("kommuner med workshop utifrån självskattningen %(year)d") % {"year": year.year},
            _("%(n)d av %(total)d")
            % {"n": municipalities["covered"], "total": municipalities["total"]},
        ),
    ]
    charts = [
        bar_chart(
            _("Deltagare i utbildningar %(year)d per kommun") % {"year": year.year},
            [(name or _("Regionens bibliotek"), n) for name, n in per_municipality],
        )
    ]
    survey = latest_round(year, user)
    if survey is not None:
        results = stats.round_results(survey, [])
        figures.append(
            Figure(
                _("kommuner med minst %(min)d svar i självskattningen %(round)s")
                % {"min": stats.MIN_GROUP, "round": survey.name},
                _("%(n)d av %(total)d")
                % {"n": len(results["shown"]), "total": municipalities["total"]},
            )
        )
        rows = [
            (label, round(cell["mean"], 1))
            for label, cell in zip(DigComp.labels, results["county"], strict=True)
            if cell and not cell["hidden"]
        ]
        if rows:
            caption = _("Självskattning %(round)s: medelvärde per område (skala 1–7)")
            charts.append(bar_chart(caption % {"round": survey.name}, rows))
    return Part(figures=figures, charts=charts)


def municipality_part(year, municipality, user):
    rows = list(
        Registration.objects.filter(
            event__in=held_events(year, user), attended=True, library__municipality=municipality
        )
        .values_list("library__name")
        .annotate(n=Count("pk"))
        .order_by("library__name")
    )
    figures = [
        Figure(
            _("deltagare i utbildningar %(year)d") % {"year": year.year},
            sum(n for _name, n in rows),
        )
    ]
    charts = []
    if rows:
        caption = _("Deltagare i utbildningar %(year)d per bibliotek") % {"year": year.year}
        charts.append(bar_chart(caption, rows))
    survey = latest_round(year, user)
    if survey is not None:
        workshop = (
            Workshop.objects.filter(round=survey, municipality=municipality)
            .select_related("event")
            .first()
        )
        if workshop is None:
            done = _("Inte ännu")
        elif workshop.event is None:
            done = _("Genomförd")
        else:
            done = date_format(timezone.localtime(workshop.event.start).date(), "Y-m-d")
        label = _("workshop utifrån självskattningen %(round)s") % {"round": survey.name}
        figures.append(Figure(label, done))
    return Part(figures=figures, charts=charts)


def search(query, user):
    events = ranked(TrainingEvent.objects.for_user(user), EVENT_SEARCH, query)
    return [
        SearchHit(
            title=event.title,
            url=reverse("kompetens:event", args=[event.pk]),
            kind=_("Utbildningstillfälle, %(kind)s") % {"kind": event.get_kind_display().lower()},
            snippet=date_format(timezone.localtime(event.start), "Y-m-d H:i")
            + (f" ({event.get_status_display().lower()})" if event.is_cancelled else ""),
            rank=event.rank,
        )
        for event in events
    ]


# the properties of each event (VEVENT) in the feed (views/calendar.py's ical_event)
TIME = gettext_lazy("tidpunkt i UTC (ÅÅÅÅMMDDTttmmssZ)")
FEED_FIELDS = [
    Field("UID", TEXT, gettext_lazy("Utbildningstillfällets beständiga id"), "kompetens-12@…"),
    Field("DTSTART", TIME, gettext_lazy("När utbildningen börjar"), "20250312T090000Z"),
    Field("DTEND", TIME, gettext_lazy("När utbildningen slutar"), "20250312T120000Z"),
    Field("SUMMARY", TEXT, gettext_lazy("Utbildningens titel"), "Källkritik på nätet"),
    Field(
        "LOCATION",
        TEXT,
        gettext_lazy("Platsen, eller adressen till ett digitalt möte"),
        "Stadsbiblioteket, hörsalen",
    ),
    Field(
        "DESCRIPTION", TEXT, gettext_lazy("Beskrivning av utbildningen"), "Om att granska källor."
    ),
    Field("URL", URL, gettext_lazy("Utbildningens sida, med anmälan"), "https://…/utbildning/12/"),
    Field(
        "STATUS",
        TEXT,
        gettext_lazy("CONFIRMED, eller CANCELLED för en inställd utbildning"),
        "CONFIRMED",
    ),
    Field("DTSTAMP", TIME, gettext_lazy("När uppgifterna senast ändrades"), "20250301T101500Z"),
]


def open_data(region):
    """The region's training calendar as an iCalendar feed."""
    return [
        Dataset(
            "utbildningar",
            format_lazy(
                gettext_lazy("Utbildningar i digital kompetens, {region}"), region=region.name
            ),
            gettext_lazy(
                "Regionens utbildningar i digital kompetens för bibliotekens personal, som "
                "kalender i iCalendar-format (RFC 5545): tid, plats, beskrivning, status och "
                "länk till anmälan."
            ),
            reverse("kompetens:events", args=[region.slug]),
            [
                Distribution(
                    "iCalendar", reverse("kompetens:feed", args=[region.slug]), "text/calendar"
                )
            ],
            FEED_FIELDS,
        )
    ]


def _by_period(periods, rows, municipalities):
    """For each (start, end) of `periods`: {municipality id: the sum of `rows`' counts of
    days in the period} (0 for a municipality with none) and under None all rows' sum
    (those of no municipality included); `rows` [(municipality id or None, day, count)]."""
    found = []
    for start, end in periods:
        values = dict.fromkeys(municipalities, Decimal(0))
        county = Decimal(0)
        for municipality, day, n in rows:
            if start <= day <= end:
                county += n
                if municipality in values:
                    values[municipality] += n
        found.append({**values, None: county})
    return found


def _municipalities(region):
    return list(Municipality.objects.filter(region=region).values_list("pk", flat=True))


def participants(region, periods):
    """For each period: the participants marked as attending the region's training events
    for library staff (as the dashboards count them: not cancelled, not for adults who work
    with children) that began in it, per municipality of their library (0 for one with
    none), and under None the county's, the regional libraries' staff included; in two
    queries whatever the number of periods."""
    if not periods:
        return []
    rows = list(
        Registration.objects.filter(
            event__region=region,
            event__start__date__gte=min(start for start, _end in periods),
            event__start__date__lte=max(end for _start, end in periods),
            attended=True,
        )
        .exclude(event__status=EventStatus.CANCELLED)
        .exclude(event__audience=Audience.CHILDREN_ADULTS)
        .annotate(day=TruncDate("event__start"))
        .values_list("library__municipality", "day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return _by_period(periods, rows, _municipalities(region))


def workshops_held(region, periods):
    """For each period: 1 for each municipality that had a workshop based on the
    self-assessment whose training event began in it, else 0, and under None how many had;
    in two queries whatever the number of periods."""
    if not periods:
        return []
    rows = (
        Workshop.objects.filter(
            municipality__region=region,
            event__start__date__gte=min(start for start, _end in periods),
            event__start__date__lte=max(end for _start, end in periods),
        )
        .exclude(event__status=EventStatus.CANCELLED)
        .annotate(day=TruncDate("event__start"))
        .values_list("municipality", "day")
    )
    days = {}
    for municipality, day in rows:
        days.setdefault(municipality, []).append(day)
    municipalities = _municipalities(region)
    found = []
    for start, end in periods:
        values = {
            pk: Decimal(any(start <= day <= end for day in days.get(pk, [])))
            for pk in municipalities
        }
        found.append({**values, None: Decimal(sum(values.values()))})
    return found


def computations():
    return [
        Computation(
            key="kompetens.participants",
            label=gettext_lazy("Deltagare i utbildningar"),
            unit=gettext_lazy("st"),
            compute=participants,
        ),
        Computation(
            key="kompetens.workshops_held",
            label=gettext_lazy("Kommuner där workshoppar utifrån självskattningen har hållits"),
            unit=gettext_lazy("st"),
            compute=workshops_held,
        ),
    ]
