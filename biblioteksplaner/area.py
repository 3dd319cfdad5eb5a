"""The app's hooks (biblioteksportal/areas.py): its demo and national data, the start page's
links, the facts of section 5.1.3's outcome, its parts of the county dashboard and the
municipality pages, the portal search, its open data and its computed indicators."""

import datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import format_lazy, get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from biblioteksportal.access import REPORT, VIEW, can
from biblioteksportal.areas import Computation, Figure, Part, SearchHit
from biblioteksportal.charts import bar_chart
from biblioteksportal.models import Municipality
from biblioteksportal.opendata import Dataset, Distribution
from biblioteksportal.search import ranked

from . import demo, national
from .choices import ANSWERED, PlanStatus
from .models import PLAN_SEARCH, LibraryPlan, Report, SurveyRound, period_text
from .queries import statuses, with_answers
from .status import lacks_plan_in, plan_status
from .views.public import FIELDS


def load_demo(region):
    demo.load(region)


def generate_national(region, years, rng, scale):
    national.generate_national(region, years, rng, scale)


def home_links(user):
    links = []
    if can(user, VIEW):
        links.append((_("Biblioteksplaner i länet"), reverse("biblioteksplaner:overview")))
    elif can(user, REPORT):  # a reporter: regional staff review in the overview instead
        links.append(
            (_("Rapportera kommunens biblioteksplan"), reverse("biblioteksplaner:my-report"))
        )
    links.append((_("Register över biblioteksplaner"), reverse("biblioteksplaner:register")))
    return links


def year_end(year):
    return datetime.date(year.year, 12, 31)


def county_part(year, user):
    on = year_end(year)
    found = statuses(Municipality.objects.for_user(user).filter(region=year.region_id), on)
    counts = dict.fromkeys(PlanStatus, 0)
    for status in found.values():
        counts[status.code] += 1
    day = date_format(on, "Y-m-d")
    figures = [
        Figure(
            _("kommuner med gällande biblioteksplan per %(day)s") % {"day": day},
            counts[PlanStatus.CURRENT],
        ),
        Figure(_("kommuner vars plan går ut inom ett år"), counts[PlanStatus.EXPIRING]),
        Figure(
            _("kommuner utan gällande plan"),
            counts[PlanStatus.EXPIRED] + counts[PlanStatus.MISSING],
        ),
        Figure(_("kommuner som tar fram en ny plan"), counts[PlanStatus.DRAFTING]),
    ]
    rounds = SurveyRound.objects.for_user(user).filter(region=year.region_id, year=year.year)
    for survey_round in with_answers(rounds).order_by("deadline"):
        total, answered = survey_round.total, survey_round.answered
        figures.append(
            Figure(
                _("svarsfrekvens i %(round)s (%(answered)d av %(total)d kommuner)")
                % {"round": survey_round.title, "answered": answered, "total": total},
                f"{round(100 * answered / total) if total else 0} %",
            )
        )
    chart = bar_chart(
        _("Kommunernas biblioteksplaner per %(day)s") % {"day": day},
        [(code.label, counts[code]) for code in PlanStatus],
    )
    return Part(figures=figures, charts=[chart])


def municipality_part(year, municipality, user):
    on = year_end(year)
    status = statuses(Municipality.objects.filter(pk=municipality.pk), on)[municipality]
    figures = [
        Figure(_("biblioteksplan per %(day)s") % {"day": date_format(on, "Y-m-d")}, status.label)
    ]
    if status.plan is not None:
        plan = status.plan
        in_force = status.code in (PlanStatus.CURRENT, PlanStatus.EXPIRING)
        label = _("gällande plan") if in_force else _("senaste plan")
        figures.append(Figure(f"{label}, {period_text(plan.start, plan.end)}", plan.title))
    if status.expected:
        figures.append(Figure(_("ny plan väntas antas"), date_format(status.expected, "Y-m-d")))
    reports = Report.objects.filter(
        municipality=municipality, round__year=year.year, round__region=year.region_id
    ).select_related("round")
    for report in reports.order_by("round__deadline"):
        figures.append(Figure(str(report.round), report.get_state_display()))
    return Part(figures=figures)


def search(query, user):
    plans = ranked(
        LibraryPlan.objects.for_user(user).select_related("municipality", "region"),
        PLAN_SEARCH,
        query,
    )
    return [
        SearchHit(
            title=plan.title,
            url=reverse(
                "biblioteksplaner:register-owner",
                args=[plan.municipality.code if plan.municipality_id else plan.region.code],
            ),
            kind=_("Biblioteksplan, %(owner)s") % {"owner": plan.owner_name},
            snippet=period_text(plan.start, plan.end),
            rank=plan.rank,
        )
        for plan in plans
    ]


def report_facts(area_year):
    region = area_year.year.region
    year = area_year.year.year
    municipalities = list(
        Municipality.objects.filter(region=region)
        .order_by("name")
        .prefetch_related(Prefetch("library_plans", queryset=LibraryPlan.objects.all()))
    )
    plans = {m.pk: list(m.library_plans.all()) for m in municipalities}
    facts = []
    rounds = SurveyRound.objects.filter(region=region, year=year).prefetch_related(
        Prefetch("reports", queryset=Report.objects.select_related("municipality"))
    )
    for survey_round in rounds:
        reports = list(survey_round.reports.all())
        answered = [r for r in reports if r.state in ANSWERED]
        silent = sorted(str(r.municipality) for r in reports if r.state not in ANSWERED)
        fact = _("%(round)s: %(answered)d av %(total)d kommuner svarade") % {
            "round": survey_round,
            "answered": len(answered),
            "total": len(reports),
        }
        if silent:
            fact += _(" (svarade inte: %s)") % get_text_list(silent, _("och"))
        facts.append(fact + ".")
        on = survey_round.deadline
        counts = dict.fromkeys(PlanStatus, 0)
        for report in answered:
            counts[plan_status(plans[report.municipality_id], on).code] += 1
        facts.append(
            _(
                "Av de %(answered)d svarande hade %(current)d en gällande biblioteksplan, "
                "%(expiring)d en plan som går ut inom tolv månader, %(expired)d en plan som "
                "hade gått ut och %(missing)d ingen plan (per %(on)s); %(drafting)d arbetade "
                "med en ny plan."
            )
            % {
                "answered": len(answered),
                "current": counts[PlanStatus.CURRENT],
                "expiring": counts[PlanStatus.EXPIRING],
                "expired": counts[PlanStatus.EXPIRED],
                "missing": counts[PlanStatus.MISSING],
                "on": date_format(on, "Y-m-d"),
                "drafting": sum(r.drafting for r in answered),
            }
        )
    lacking = [m.name for m in municipalities if lacks_plan_in(plans[m.pk], year + 1)]
    if lacking:
        facts.append(
            ngettext(
                "%(count)d kommun saknar giltig biblioteksplan under hela %(year)d: %(names)s.",
                "%(count)d kommuner saknar giltig biblioteksplan under hela %(year)d: %(names)s.",
                len(lacking),
            )
            % {"count": len(lacking), "year": year + 1, "names": get_text_list(lacking, _("och"))}
        )
    else:
        facts.append(_("Alla kommuner har giltig biblioteksplan under hela %d.") % (year + 1))
    return facts


def open_data(region):
    """The region's plans in the public register, as CSV and JSON."""
    query = f"?region={region.slug}"
    return [
        Dataset(
            "biblioteksplaner",
            format_lazy(gettext_lazy("Biblioteksplaner, {region}"), region=region.name),
            gettext_lazy(
                "De biblioteksplaner som regionen och dess kommuner har antagit enligt "
                "bibliotekslagen (2013:801) 17 §: vem som antog planen och när, vilken period "
                "den gäller, förlängningar, ägarens status i dag och planens dokument."
            ),
            reverse("biblioteksplaner:register"),
            [
                Distribution("CSV", reverse("biblioteksplaner:register-csv") + query, "text/csv"),
                Distribution(
                    "JSON", reverse("biblioteksplaner:register-json") + query, "application/json"
                ),
            ],
            FIELDS,
        )
    ]


IN_FORCE = (PlanStatus.CURRENT, PlanStatus.EXPIRING)


def share_with_plan(region, periods):
    """For each period: 100 for each of the region's municipalities with a library plan in
    force on the period's last day (adopted by then), 0 for the others, and under None the
    county's share in per cent; in two queries (the municipalities, their plans)."""
    if not periods:
        return []
    last = max(end for _start, end in periods)
    municipalities = Municipality.objects.filter(region=region).prefetch_related(
        Prefetch(
            "library_plans",
            queryset=LibraryPlan.objects.filter(decision_date__lte=last),
            to_attr="plans",
        )
    )
    municipalities = list(municipalities)
    found = []
    for _start, end in periods:
        values = {
            m.pk: Decimal(100)
            if plan_status([p for p in m.plans if p.decision_date <= end], end).code in IN_FORCE
            else Decimal(0)
            for m in municipalities
        }
        county = sum(values.values(), Decimal(0)) / len(values) if values else None
        found.append({**values, None: county})
    return found


def computations():
    return [
        Computation(
            key="biblioteksplaner.share_with_plan",
            label=gettext_lazy("Andel kommuner med gällande biblioteksplan"),
            unit="%",
            compute=share_with_plan,
        )
    ]
