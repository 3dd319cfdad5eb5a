"""The app's part of the national benchmark data set (biblioteksportal/areas.py): the region's
and each municipality's adopted plans over the years (some extended, some followed by a gap)
and a follow-up round every year with every municipality's report."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from biblioteksportal.demo.national import LAST_YEAR
from biblioteksportal.models import Municipality

from .choices import AdoptingBody, ReportState
from .models import LibraryPlan, PlanExtension, Report, SurveyRound

NOTE = "Testdata för prestandamätning: påhittad plan."
PAST = {ReportState.APPROVED: 85, ReportState.NOT_STARTED: 10, ReportState.SUBMITTED: 5}
CURRENT = {
    ReportState.APPROVED: 40,
    ReportState.SUBMITTED: 25,
    ReportState.DRAFT: 20,
    ReportState.NOT_STARTED: 15,
}


def generate_national(region, years, rng, scale):
    first, last = years[0].year, years[-1].year
    municipalities = list(Municipality.objects.filter(region=region))
    plans, extensions = {}, []
    for owner in [None, *municipalities]:
        plans[owner] = _plans(region, owner, first - rng.randint(0, 3), last, rng, extensions)
    LibraryPlan.objects.bulk_create([p for owned in plans.values() for p in owned])
    PlanExtension.objects.bulk_create(extensions)
    rounds = SurveyRound.objects.bulk_create(
        SurveyRound(
            region=region,
            title=f"Uppföljning av biblioteksplaner {year.year}",
            year=year.year,
            deadline=date(year.year, 10, 31),
        )
        for year in years
    )
    reports = []
    for survey in rounds:
        weights = CURRENT if survey.year == LAST_YEAR else PAST
        for municipality in municipalities:
            state = rng.choices(list(weights), list(weights.values()))[0]
            reports.append(_report(survey, municipality, plans[municipality], state))
    Report.objects.bulk_create(reports)


def _plans(region, municipality, year, last, rng, extensions):
    """Consecutive plans of one owner from `year` until after `last`."""
    plans = []
    start = date(year, rng.choice([1, 7]), 1)
    while start.year <= last:
        end = start + relativedelta(years=rng.randint(3, 4)) - timedelta(days=1)
        kind = "Regional biblioteksplan" if municipality is None else "Biblioteksplan"
        plan = LibraryPlan(
            region=region,
            municipality=municipality,
            title=f"{kind} {start.year}–{end.year}",
            adopted_by=AdoptingBody.REGIONAL_COUNCIL
            if municipality is None
            else rng.choice([AdoptingBody.MUNICIPAL_COUNCIL] * 4 + [AdoptingBody.COMMITTEE]),
            decision_date=start - timedelta(days=rng.randint(20, 120)),
            start=start,
            end=end,
            notes=NOTE,
        )
        if rng.random() < 0.1:
            extension = PlanExtension(
                plan=plan,
                adopted_by=plan.adopted_by,
                decision_date=end - timedelta(days=60),
                previous_end=end,
                new_end=end + relativedelta(years=1),
            )
            plan.end = extension.new_end
            extensions.append(extension)
        plans.append(plan)
        # Most owners adopt the next plan in time; some go without one for a while.
        start = plan.end + timedelta(days=1 + rng.choice([0, 0, 0, 0, 0, 0, 90, 200, 400]))
    return plans


def _report(survey, municipality, plans, state):
    """The municipality's answer, true to its plans at the round's deadline."""
    on = survey.deadline
    plan = next((p for p in plans if p.start <= on <= p.end), None)
    following = next((p for p in plans if p.start > on), None)
    drafting = following is not None and (plan is None or plan.end < on + relativedelta(years=1))
    answered = state != ReportState.NOT_STARTED
    return Report(
        round=survey,
        municipality=municipality,
        state=state,
        has_plan=answered and plan is not None,
        plan_title=plan.title if answered and plan else "",
        adopted_by=plan.adopted_by if answered and plan else "",
        decision_date=plan.decision_date if answered and plan else None,
        start=plan.start if answered and plan else None,
        end=plan.end if answered and plan else None,
        plan=plan if state == ReportState.APPROVED else None,
        followed_up=answered and plan is not None,
        drafting=answered and drafting,
        expected_adoption=following.decision_date if answered and drafting else None,
        comment=NOTE,
    )
