"""The app's reads and aggregations: the owners of plans with their status, the rounds'
response rates, the reports a user may open."""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from biblioteksportal.models import Municipality, Region

from .choices import ANSWERED, PlanStatus
from .models import LibraryPlan, Report, SurveyRound
from .reminders import without_reporter
from .status import grant_eligible, kb_counts_as_current, lacks_plan_in, plan_status


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


def with_answers(rounds):
    """The rounds with `total` (reports) and `answered` (reports answered) counted."""
    return rounds.annotate(
        total=Count("reports"), answered=Count("reports", filter=Q(reports__state__in=ANSWERED))
    )


def owners(regions, on=None, extensions=True):
    """Each owner (a region of `regions`, then its municipalities) with its plans (with their
    extensions unless `extensions` is false) and, if `on` is given, its latest approved report
    given by then, in a fixed number of queries. Each plan's region and municipality are the
    owners' objects, not loaded again."""
    municipalities = Municipality.objects.order_by("name")
    if on:
        municipalities = municipalities.prefetch_related(
            Prefetch("plan_reports", queryset=Report.latest_answers(on), to_attr="approved_reports")
        )
    plans = LibraryPlan.objects.order_by("start")
    regions = regions.order_by("name").prefetch_related(
        Prefetch(
            "library_plans",
            queryset=plans.prefetch_related("extensions") if extensions else plans,
            to_attr="all_plans",
        ),
        Prefetch("municipalities", queryset=municipalities),
    )
    rows = []
    for region in regions:
        by_owner = {}
        for plan in region.all_plans:
            plan.region = region
            by_owner.setdefault(plan.municipality_id, []).append(plan)
        region.plans = by_owner.get(None, [])
        region.report = None
        region.is_region = True
        rows.append(region)
        for municipality in region.municipalities.all():
            municipality.plans = by_owner.get(municipality.pk, [])
            for plan in municipality.plans:
                plan.municipality = municipality
            latest = getattr(municipality, "approved_reports", None)
            municipality.report = latest[0] if latest else None
            municipality.is_region = False
            municipality.region = region
            rows.append(municipality)
    return rows


def overview(region, on, year):
    """The region's owners with their status on `on`, KB's and the grant's rules and whether
    they lack a plan some day of `year`; and the municipalities per status,
    [(status, label, n)]."""
    rows = owners(Region.objects.filter(pk=region.pk), on)
    counts = dict.fromkeys(PlanStatus, 0)
    for row in rows:
        row.status = plan_status(row.plans, on, row.report)
        row.kb_current = kb_counts_as_current(row.plans, on.year)
        row.grant = grant_eligible(row.plans, on, row.report)
        row.lacks = lacks_plan_in(row.plans, year)
        if not row.is_region:
            counts[row.status.code] += 1
    return rows, [(code, code.label, n) for code, n in counts.items()]


def no_reporter(region):
    """The region's municipalities that get no reminders: without a reporter to mail."""
    return without_reporter(region.municipalities.order_by("name"))


def register_rows(regions=None, extensions=True):
    """Every owner of `regions` (all of them: the register is public) with its status today
    (and its plans' extensions unless `extensions` is false)."""
    today = timezone.localdate()
    rows = owners(Region.objects.all() if regions is None else regions, extensions=extensions)
    for row in rows:
        row.status = plan_status(row.plans, today)
    return rows


def owner_rows(code):
    """The register's row of the owner with the code: a municipality, or a region."""
    in_region = Q(code=code) | Q(pk__in=Municipality.objects.filter(code=code).values("region"))
    return [row for row in register_rows(Region.objects.filter(in_region)) if row.code == code]


def rounds_of(user, region):
    return with_answers(SurveyRound.objects.for_user(user).filter(region=region))


def rounds_with_reports(user):
    return SurveyRound.objects.for_user(user).prefetch_related(
        Prefetch("reports", queryset=Report.objects.select_related("municipality"))
    )


def reports(user):
    return Report.objects.for_user(user).select_related("round", "municipality", "plan")


def latest_report(user, municipality_id):
    """The municipality's report in its latest round, if the user may see it."""
    return (
        Report.objects.for_user(user)
        .filter(municipality=municipality_id)
        .order_by("-round__deadline")
        .first()
    )
