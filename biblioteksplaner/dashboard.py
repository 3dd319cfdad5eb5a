"""The app's parts of the county dashboard, the municipality pages and the portal search."""

import datetime

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from biblioteksportal.charts import bar_chart
from biblioteksportal.models import Municipality
from biblioteksportal.search import ranked

from .choices import ANSWERED, PlanStatus
from .models import PLAN_SEARCH, LibraryPlan, Report, SurveyRound, period_text
from .status import plan_status


def year_end(year):
    return datetime.date(year.year, 12, 31)


def statuses(municipalities, on):
    """{municipality: Status} on the date `on`, from the plans adopted by then and the latest
    approved report given by then; in two queries, the second fetching only each
    municipality's latest report (DISTINCT ON), not all the years'."""
    municipalities = municipalities.prefetch_related(
        Prefetch(
            "library_plans",
            queryset=LibraryPlan.objects.filter(decision_date__lte=on),
            to_attr="plans",
        ),
        Prefetch("plan_reports", queryset=Report.latest_answers(on), to_attr="approved_reports"),
    )
    return {
        m: plan_status(m.plans, on, m.approved_reports[0] if m.approved_reports else None)
        for m in municipalities
    }


def response_figures(rounds):
    figures = []
    for survey_round in rounds.annotate(
        total=Count("reports"), answered=Count("reports", filter=Q(reports__state__in=ANSWERED))
    ).order_by("deadline"):
        share = round(100 * survey_round.answered / survey_round.total) if survey_round.total else 0
        figures.append(
            (
                _("svarsfrekvens i %(round)s (%(answered)d av %(total)d kommuner)")
                % {
                    "round": survey_round.title,
                    "answered": survey_round.answered,
                    "total": survey_round.total,
                },
                f"{share} %",
            )
        )
    return figures


def dashboard(year, user):
    on = year_end(year)
    found = statuses(Municipality.objects.for_user(user).filter(region=year.region_id), on)
    counts = dict.fromkeys(PlanStatus, 0)
    for status in found.values():
        counts[status.code] += 1
    day = date_format(on, "Y-m-d")
    figures = [
        (
            _("kommuner med gällande biblioteksplan per %(day)s") % {"day": day},
            counts[PlanStatus.CURRENT],
        ),
        (_("kommuner vars plan går ut inom ett år"), counts[PlanStatus.EXPIRING]),
        (_("kommuner utan gällande plan"), counts[PlanStatus.EXPIRED] + counts[PlanStatus.MISSING]),
        (_("kommuner som tar fram en ny plan"), counts[PlanStatus.DRAFTING]),
    ]
    rounds = SurveyRound.objects.for_user(user).filter(region=year.region_id, year=year.year)
    chart = bar_chart(
        _("Kommunernas biblioteksplaner per %(day)s") % {"day": day},
        [(code.label, counts[code]) for code in PlanStatus],
    )
    return {"figures": figures + response_figures(rounds), "charts": [chart]}


def municipality(municipality, year, user):
    on = year_end(year)
    status = statuses(Municipality.objects.filter(pk=municipality.pk), on)[municipality]
    figures = [(_("biblioteksplan per %(day)s") % {"day": date_format(on, "Y-m-d")}, status.label)]
    if status.plan is not None:
        plan = status.plan
        in_force = status.code in (PlanStatus.CURRENT, PlanStatus.EXPIRING)
        label = _("gällande plan") if in_force else _("senaste plan")
        figures.append((f"{label}, {period_text(plan.start, plan.end)}", plan.title))
    if status.expected:
        figures.append((_("ny plan väntas antas"), date_format(status.expected, "Y-m-d")))
    reports = Report.objects.filter(
        municipality=municipality, round__year=year.year, round__region=year.region_id
    ).select_related("round")
    for report in reports.order_by("round__deadline"):
        figures.append((str(report.round), report.get_state_display()))
    return {"figures": figures, "charts": []}


def search(query, user):
    plans = ranked(
        LibraryPlan.objects.for_user(user).select_related("municipality", "region"),
        PLAN_SEARCH,
        query,
    )
    return [
        {
            "title": plan.title,
            "url": reverse(
                "biblioteksplaner:register-owner",
                args=[plan.municipality.code if plan.municipality_id else plan.region.code],
            ),
            "kind": _("Biblioteksplan, %(owner)s") % {"owner": plan.owner_name},
            "snippet": period_text(plan.start, plan.end),
            "rank": plan.rank,
        }
        for plan in plans
    ]
